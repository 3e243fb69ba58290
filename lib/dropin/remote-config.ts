import { withProjectKey } from "@/lib/api/with-project-key";
import { getRecordingSettings } from "@/lib/data/settings";
import { withCors } from "@/lib/ingest/cors";
import { posthogRemoteConfig, posthogRemoteConfigScript } from "./config";
import { refuseDropinToken } from "./project-key";

/**
 * `/array/<token>/config` (JSON) and `/array/<token>/config.js` (the script posthog-js loads
 * first). An error has the same body in both forms: a script tag ignores it, and posthog-js then
 * asks for the JSON form, whose answer it logs.
 */
export function remoteConfigRoute(form: "json" | "script") {
  return withProjectKey<{ token: string }>(
    async ({ project }) => {
      const config = posthogRemoteConfig(project.key, await getRecordingSettings(project.workspaceId));
      const headers = { "cache-control": "public, max-age=60" };
      if (form === "json") return Response.json(config, { headers });
      return new Response(posthogRemoteConfigScript(project.key, config), {
        headers: { ...headers, "content-type": "application/javascript; charset=utf-8" },
      });
    },
    { cors: true, keyFrom: (_req, _query, params) => params.token, refuse: refuseDropinToken },
  );
}

/**
 * `/flags/?v=2` (and the older `/decide/`): Rewind has no feature flags, so every project answers
 * an empty, valid flags document; posthog-js then goes on without flags.
 */
export function emptyFlags(): Response {
  return withCors(
    Response.json({
      flags: {},
      featureFlags: {},
      featureFlagPayloads: {},
      errorsWhileComputingFlags: false,
      quotaLimited: [],
      requestId: crypto.randomUUID(),
    }),
  );
}

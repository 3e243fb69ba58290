import { toErrorResponse } from "@/lib/api/errors";
import { getRecordingSettings } from "@/lib/data/settings";
import { withCors } from "@/lib/ingest/cors";
import { posthogRemoteConfig, posthogRemoteConfigScript } from "./config";
import { dropinWorkspace } from "./project-key";

/** `/array/<token>/config` (JSON) and `/array/<token>/config.js` (the script posthog-js loads first). */
export async function remoteConfigResponse(token: string, form: "json" | "script"): Promise<Response> {
  try {
    const workspaceId = await dropinWorkspace(token);
    const config = posthogRemoteConfig(token, await getRecordingSettings(workspaceId));
    const headers = { "cache-control": "public, max-age=60" };
    if (form === "json") return withCors(Response.json(config, { headers }));
    return withCors(
      new Response(posthogRemoteConfigScript(token, config), {
        headers: { ...headers, "content-type": "application/javascript; charset=utf-8" },
      }),
    );
  } catch (error) {
    // The same error body for both forms: a script tag ignores it, and posthog-js then asks for
    // the JSON form, whose answer it logs.
    return withCors(toErrorResponse(error));
  }
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

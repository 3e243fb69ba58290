import { withProjectKey } from "@/lib/api/with-project-key";
import { getRecordingSettings } from "@/lib/data/settings";
import { preflight } from "@/lib/ingest/cors";
import { INGEST_LIMITS } from "@/lib/ingest/limits";

/** Remote config for the SDK. It may only tighten masking locally, never loosen it. */
export const GET = withProjectKey(
  async ({ project }) => {
    const s = await getRecordingSettings(project.workspaceId);
    const config = {
      enabled: s.enabled,
      sampleRate: s.sampleRate,
      minDurationMs: s.minDurationMs,
      errorSampleRate: s.errorSampleRate,
      idleTimeoutMs: s.idleTimeoutMs,
      maxDurationMs: s.maxDurationMs,
      checkpointEveryMs: s.checkpointEveryMs,
      sessionIdSource: s.sessionIdSource,
      masking: s.masking,
      console: s.console,
      network: s.network,
      canvas: s.canvas,
      thresholds: s.thresholds,
      // So the SDK splits its batches before sending rather than after a 413.
      limits: INGEST_LIMITS,
    };
    return Response.json(config, { headers: { "cache-control": "public, max-age=60" } });
  },
  { cors: true },
);

export function OPTIONS(): Response {
  return preflight();
}

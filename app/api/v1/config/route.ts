import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { resolveProjectKey } from "@/lib/data/keys";
import { getRecordingSettings } from "@/lib/data/settings";
import { preflight, withCors } from "@/lib/ingest/cors";
import { INGEST_LIMITS } from "@/lib/ingest/limits";

/** Remote config for the SDK. It may only tighten masking locally, never loosen it. */
export async function GET(request: Request): Promise<Response> {
  try {
    const key = new URL(request.url).searchParams.get("k") ?? "";
    const workspaceId = key ? await resolveProjectKey(key) : null;
    if (!workspaceId) throw new ApiError("unauthorized", "Unknown or missing project key (?k=pk_…).");
    const s = await getRecordingSettings(workspaceId);
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
    return withCors(Response.json(config, { headers: { "cache-control": "public, max-age=60" } }));
  } catch (error) {
    return withCors(toErrorResponse(error));
  }
}

export function OPTIONS(): Response {
  return preflight();
}

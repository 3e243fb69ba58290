import { chunkManifest, getSession, type SessionRecord } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";
import { encodeManifest } from "@/lib/replay/manifest";
import { ApiError } from "./errors";

/** The recording a route is about, or a 404 that says so (ids are validated before any lookup). */
export async function recordingOr404(workspaceId: string, sessionId: string): Promise<SessionRecord> {
  const session = ID_PATTERN.test(sessionId) ? await getSession(workspaceId, sessionId) : null;
  if (!session) throw new ApiError("not_found", "No such recording in this workspace.");
  return session;
}

/**
 * A recording's chunk manifest in the packed form the player reads after its first frame
 * (lib/replay/manifest.ts): `{ count, chunks }`, chunks one line each. Not cached: a recording
 * still being made grows.
 */
export async function manifestResponse(workspaceId: string, sessionId: string): Promise<Response> {
  const chunks = await chunkManifest(workspaceId, sessionId);
  return Response.json(
    { count: chunks.length, chunks: encodeManifest(chunks) },
    { headers: { "cache-control": "private, no-cache" } },
  );
}

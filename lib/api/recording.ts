import { getSession, type SessionRecord } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";
import { ApiError } from "./errors";

/** The recording a route is about, or a 404 that says so (ids are validated before any lookup). */
export async function recordingOr404(workspaceId: string, sessionId: string): Promise<SessionRecord> {
  const session = ID_PATTERN.test(sessionId) ? await getSession(workspaceId, sessionId) : null;
  if (!session) throw new ApiError("not_found", "No such recording in this workspace.");
  return session;
}

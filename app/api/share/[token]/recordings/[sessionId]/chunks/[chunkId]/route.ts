import { anonymousChunkResponse, chunkResponse, gzipUnlessStored } from "@/lib/api/chunk-response";
import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { sharedSession } from "@/lib/shares/access";

type Params = { token: string; sessionId: string; chunkId: string };

/** One stored batch of a recording a share link opens; nothing else is reachable with the token. */
export async function GET(_request: Request, context: { params: Promise<Params> }): Promise<Response> {
  let response: Response;
  try {
    const { token, sessionId, chunkId } = await context.params;
    const shared = await sharedSession(token, sessionId);
    if (!shared)
      throw new ApiError("not_found", "This link has expired, was revoked, or does not open this recording.");
    response = shared.share.showPerson
      ? await chunkResponse(shared.workspaceId, sessionId, chunkId)
      : await anonymousChunkResponse(shared.workspaceId, sessionId, chunkId);
  } catch (error) {
    response = toErrorResponse(error);
  }
  return gzipUnlessStored(response);
}

import { anonymousChunkResponse, chunkResponse, gzipUnlessStored } from "@/lib/api/chunk-response";
import { withShareToken } from "@/lib/api/with-share-token";

/** One stored batch of a recording a share link opens; nothing else is reachable with the token. */
export const GET = withShareToken<{ token: string; sessionId: string; chunkId: string }>(
  async ({ shared, params }) =>
    shared.share.showPerson
      ? chunkResponse(shared.workspaceId, params.sessionId, params.chunkId)
      : anonymousChunkResponse(shared.workspaceId, params.sessionId, params.chunkId),
  // Next.config sets Content-Encoding: gzip on chunk paths, so every answer, errors too, is gzip.
  { finish: gzipUnlessStored },
);

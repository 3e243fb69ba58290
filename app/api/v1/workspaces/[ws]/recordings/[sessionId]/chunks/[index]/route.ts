import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { getChunk } from "@/lib/data/chunks";
import { listChunkKeys } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";

/**
 * One stored batch, streamed as the gzip it was stored as (application/gzip; the player inflates it
 * with DecompressionStream). Sent as Content-Encoding the server's own compression layer got in the way.
 */
export const GET = withWorkspace<{ ws: string; sessionId: string; index: string }>(
  async ({ workspace, params }) => {
    const index = Number(params.index);
    if (!ID_PATTERN.test(params.sessionId) || !Number.isInteger(index) || index < 0) {
      throw new ApiError("not_found", "No such chunk.");
    }
    const keys = await listChunkKeys(workspace.id, params.sessionId);
    const key = keys[index];
    const stream = key ? await getChunk(key) : null;
    if (!stream) throw new ApiError("not_found", "No such chunk of this recording.");
    return new Response(stream, {
      headers: {
        "content-type": "application/gzip",
        // no-transform keeps the server from gzipping the stored gzip a second time.
        "cache-control": "private, max-age=31536000, immutable, no-transform",
        "x-chunk-count": String(keys.length),
      },
    });
  },
  { permission: "recordings:read" },
);

import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { CHUNK_ID_PATTERN, getChunk } from "@/lib/data/chunks";
import { chunkBlobKey } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";

const gzipAsync = promisify(gzip);

/**
 * One stored batch, streamed as the gzip it was stored as. Next drops a Content-Encoding header set
 * by a route handler, so next.config.ts sets `Content-Encoding: gzip` for this path; every answer
 * here, errors included, is therefore gzip.
 */
const handler = withWorkspace<{ ws: string; sessionId: string; chunkId: string }>(
  async ({ workspace, params }) => {
    if (!ID_PATTERN.test(params.sessionId) || !CHUNK_ID_PATTERN.test(params.chunkId)) {
      throw new ApiError("not_found", "No such chunk.");
    }
    const key = await chunkBlobKey(workspace.id, params.sessionId, params.chunkId);
    const stream = key ? await getChunk(key) : null;
    if (!stream) throw new ApiError("not_found", "No such chunk of this recording.");
    return new Response(stream, {
      headers: {
        "content-type": "application/json",
        // A chunk id names one stored batch, which never changes.
        "cache-control": "private, max-age=31536000, immutable, no-transform",
        "x-stored-gzip": "1",
      },
    });
  },
  { permission: "recordings:read" },
);

export async function GET(request: Request, context: Parameters<typeof handler>[1]): Promise<Response> {
  const response = await handler(request, context);
  if (response.headers.get("x-stored-gzip")) return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(await gzipAsync(Buffer.from(await response.arrayBuffer())), {
    status: response.status,
    headers,
  });
}

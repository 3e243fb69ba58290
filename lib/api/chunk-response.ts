import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { chunkRange } from "@/lib/data/chunk-range";
import { CHUNK_ID_PATTERN, getChunk } from "@/lib/data/chunks";
import { chunkBlobKey } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";
import { encodeRange } from "@/lib/replay/chunk-range";
import { EventType } from "@/sdk/src/wire";
import { ApiError } from "./errors";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * One stored batch, streamed as the gzip it was stored as. Next drops a Content-Encoding header set
 * by a route handler, so next.config.ts sets `Content-Encoding: gzip` for the chunk paths; every
 * answer there, errors included, must therefore be gzip (`gzipUnlessStored`).
 */
export async function chunkResponse(ws: string, sessionId: string, chunkId: string): Promise<Response> {
  if (!ID_PATTERN.test(sessionId) || !CHUNK_ID_PATTERN.test(chunkId)) {
    throw new ApiError("not_found", "No such chunk.");
  }
  const key = await chunkBlobKey(ws, sessionId, chunkId);
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
}

/**
 * The chunks whose first timestamps lie in [from, to], each as stored, framed in one binary body
 * (lib/replay/chunk-range.ts). A range may gain chunks while a recording is still arriving, so it
 * is not cached; the player caches chunk by chunk.
 */
export async function chunkRangeResponse(ws: string, sessionId: string, from: number, to: number) {
  if (!ID_PATTERN.test(sessionId)) throw new ApiError("not_found", "No such recording.");
  const frames = await chunkRange(ws, sessionId, from, to);
  return new Response(Buffer.from(encodeRange(frames)), {
    headers: {
      "content-type": "application/octet-stream",
      "cache-control": "private, no-cache, no-transform",
      "x-chunk-count": String(frames.length),
    },
  });
}

export async function gzipUnlessStored(response: Response): Promise<Response> {
  if (response.headers.get("x-stored-gzip")) return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(await gzipAsync(Buffer.from(await response.arrayBuffer())), {
    status: response.status,
    headers,
  });
}

/**
 * A chunk for a share link whose creator kept the person hidden: only the events, without the
 * batch's distinct id and without identify() calls (which carry the person's properties).
 */
export async function anonymousChunkResponse(
  ws: string,
  sessionId: string,
  chunkId: string,
): Promise<Response> {
  const stored = await chunkResponse(ws, sessionId, chunkId);
  const batch = JSON.parse((await gunzipAsync(Buffer.from(await stored.arrayBuffer()))).toString("utf8")) as {
    events?: { type: number; data?: { tag?: unknown } }[];
  };
  const events = (batch.events ?? []).filter(
    (e) => !(e.type === EventType.Custom && e.data?.tag === "$identify"),
  );
  return Response.json({ events }, { headers: { "cache-control": "private, no-store" } });
}

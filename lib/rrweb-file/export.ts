import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { getChunk } from "@/lib/data/chunks";
import { chunkBlobKey, chunkManifest } from "@/lib/data/sessions";

const encoder = new TextEncoder();
const gunzipAsync = promisify(gunzip);

async function chunkText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return (await gunzipAsync(Buffer.from(await new Response(stream).arrayBuffer()))).toString("utf8");
}

/**
 * A recording as one plain rrweb events JSON array (what a stock rrweb-player takes), streamed a
 * stored chunk at a time: memory holds one chunk, never the recording.
 */
export async function exportEvents(ws: string, sessionId: string): Promise<ReadableStream<Uint8Array>> {
  const chunks = await chunkManifest(ws, sessionId);
  let next = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("["));
    },
    async pull(controller) {
      if (next >= chunks.length) {
        controller.enqueue(encoder.encode("]\n"));
        controller.close();
        return;
      }
      const chunk = chunks[next++]!;
      const key = await chunkBlobKey(ws, sessionId, chunk.id);
      const stream = key ? await getChunk(key) : null;
      // A chunk the retention purge removed meanwhile is left out, as the player leaves it out.
      if (!stream) return;
      const batch = JSON.parse(await chunkText(stream)) as { events?: unknown[] };
      const text = (batch.events ?? []).map((e) => JSON.stringify(e)).join(",");
      if (!text) return;
      controller.enqueue(encoder.encode(first ? text : `,${text}`));
      first = false;
    },
  });
}

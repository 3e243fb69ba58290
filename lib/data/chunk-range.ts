import { NotFound, TooLarge } from "@/lib/errors/domain";
import { MAX_RANGE_BYTES, MAX_RANGE_CHUNKS, type RangeFrame } from "@/lib/replay/chunk-range";
import { kv } from "@/lib/storage/kv";
import { chunkIdOf, getChunk } from "./chunks";
import { sessionKeys } from "./session-keys";

/**
 * The stored chunks of a recording whose first timestamps lie in [from, to], in time order, as
 * stored (gzip). Bounded: more than MAX_RANGE_CHUNKS chunks or MAX_RANGE_BYTES stored bytes is
 * refused before more is read, so one request costs at most that much memory.
 */
export async function chunkRange(ws: string, sid: string, from: number, to: number): Promise<RangeFrame[]> {
  const keys = await (await kv()).zrange(sessionKeys.chunks(ws, sid), {
    by: "score",
    min: from,
    max: to,
    count: MAX_RANGE_CHUNKS + 1,
  });
  if (keys.length === 0) throw new NotFound("This recording has no chunks in that range.");
  if (keys.length > MAX_RANGE_CHUNKS) {
    throw new TooLarge(
      `The range holds more than ${MAX_RANGE_CHUNKS} chunks; ask for at most ${MAX_RANGE_CHUNKS} at a time.`,
    );
  }
  let budget = MAX_RANGE_BYTES;
  const frames: RangeFrame[] = [];
  for (const key of keys) {
    const stream = await getChunk(key);
    const body = stream ? await readAtMost(stream, budget) : null;
    if (body === "too large") {
      throw new TooLarge(
        `The range holds more than ${MAX_RANGE_BYTES / 1024 / 1024} MB; ask for fewer chunks (or fetch the large one alone).`,
      );
    }
    budget -= body?.length ?? 0;
    frames.push({ id: chunkIdOf(key), body });
  }
  return frames;
}

async function readAtMost(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array | "too large"> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return "too large";
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

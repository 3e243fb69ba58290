/**
 * Several chunks of a recording in one answer (the range route), so opening a window of the
 * replay costs one round trip instead of one per chunk. Each chunk travels as it is stored (gzip)
 * in a small binary frame: the server never decompresses, and its memory is bounded by the stored
 * bytes it agrees to send. The browser inflates each chunk with DecompressionStream.
 *
 * Frame, repeated: u16 id length · id (ASCII) · u32 body length · body (the stored gzip; empty when
 * the chunk's blob is missing).
 */

/** At most this many chunks per request: a 5-minute checkpoint interval of 10-s chunks is 30. */
export const MAX_RANGE_CHUNKS = 32;
/** At most this many stored (gzip) bytes per request; a chunk larger than this alone comes by itself. */
export const MAX_RANGE_BYTES = 8 * 1024 * 1024;

export interface RangeFrame {
  id: string;
  /** The stored gzip, or null when the index names a chunk whose blob is gone. */
  body: Uint8Array | null;
}

export function encodeRange(frames: readonly RangeFrame[]): Uint8Array {
  const ids = frames.map((f) => new TextEncoder().encode(f.id));
  const size = frames.reduce((n, f, i) => n + 6 + ids[i]!.length + (f.body?.length ?? 0), 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  frames.forEach((f, i) => {
    const id = ids[i]!;
    view.setUint16(at, id.length);
    out.set(id, at + 2);
    at += 2 + id.length;
    view.setUint32(at, f.body?.length ?? 0);
    at += 4;
    if (f.body) out.set(f.body, at);
    at += f.body?.length ?? 0;
  });
  return out;
}

export function decodeRange(bytes: Uint8Array): RangeFrame[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: RangeFrame[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new Error("chunk range: truncated frame");
    const idLength = view.getUint16(at);
    const id = new TextDecoder().decode(bytes.subarray(at + 2, at + 2 + idLength));
    at += 2 + idLength;
    if (at + 4 > bytes.length) throw new Error("chunk range: truncated frame");
    const length = view.getUint32(at);
    at += 4;
    if (at + length > bytes.length) throw new Error("chunk range: truncated body");
    frames.push({ id, body: length ? bytes.subarray(at, at + length) : null });
    at += length;
  }
  return frames;
}

export interface RangedChunk {
  firstTs: number;
  /** Stored bytes, when ingest noted them. */
  bytes?: number | null;
}

/**
 * Splits consecutive chunks into groups one range request each can carry: at most
 * MAX_RANGE_CHUNKS chunks and MAX_RANGE_BYTES stored bytes (a chunk of unknown size counts as
 * small; the server refuses a range over the limit and the loader then fetches one by one).
 */
export function rangeGroups<C extends RangedChunk>(
  chunks: readonly C[],
  limits = { chunks: MAX_RANGE_CHUNKS, bytes: MAX_RANGE_BYTES },
): C[][] {
  const groups: C[][] = [];
  let group: C[] = [];
  let bytes = 0;
  for (const c of chunks) {
    const size = c.bytes ?? 0;
    if (group.length && (group.length >= limits.chunks || bytes + size > limits.bytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(c);
    bytes += size;
  }
  if (group.length) groups.push(group);
  return groups;
}

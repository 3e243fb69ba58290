import { chunksFor } from "./checkpoints";

/**
 * What the player needs to know about a recording's chunks to plan its loading, in two parts so
 * that the recording page costs the same for one minute as for six hours: the page carries only
 * the **opening** (the few chunks its first frame needs, and the chunk count and origin), and the
 * whole list comes afterwards from the manifest route, packed into one string (`encodeManifest`):
 * a chunk is one line of comma-separated fields with times as deltas, ~55 bytes instead of the
 * ~180 of a JSON object per chunk in the page's props.
 */

export interface ManifestChunk {
  id: string;
  firstTs: number;
  lastTs: number;
  /** Holds a full snapshot (null: stored before ingest noted it). */
  full: boolean | null;
  /** When the chunk's first full snapshot was taken (the checkpoint index), if known. */
  checkpointAt?: number | null;
  /** Stored bytes, when ingest noted them. */
  bytes?: number | null;
}

/** The first frame's chunks, as the page hands them to the player. */
export interface Opening {
  /** Chunks in the recording. */
  count: number;
  /** The first chunk's first timestamp: the recording's clock starts here. */
  origin: number;
  /** The chunks from `from` (an index into the whole list) the first frame needs; null: plan from the manifest. */
  window: { from: number; chunks: ManifestChunk[] } | null;
}

/** More than this and the page leaves the first frame's planning to the manifest (old recordings without checkpoints). */
export const MAX_OPENING_CHUNKS = 64;

/**
 * The chunks showing moment `origin + startAtMs` needs: from the checkpoint before it (or the
 * start) to the chunk covering it, and at least to the first chunk from there holding a full
 * snapshot. Null when that is more than `MAX_OPENING_CHUNKS` or no chunk is known to hold one.
 */
export function openingOf(chunks: readonly ManifestChunk[], startAtMs: number): Opening {
  const origin = chunks[0]?.firstTs ?? 0;
  const base = { count: chunks.length, origin };
  if (!chunks.length) return { ...base, window: null };
  const { from, to } = chunksFor(chunks, origin + Math.max(0, startAtMs));
  let full = -1;
  for (let i = from; i < chunks.length && full === -1; i++) if (chunks[i]!.full !== false) full = i;
  const last = Math.max(to, full);
  if (full === -1 || last - from + 1 > MAX_OPENING_CHUNKS) return { ...base, window: null };
  const window = chunks.slice(from, last + 1).map((c) => ({
    id: c.id,
    firstTs: c.firstTs,
    lastTs: c.lastTs,
    full: c.full,
    checkpointAt: c.checkpointAt ?? null,
    bytes: c.bytes ?? null,
  }));
  return { ...base, window: { from, chunks: window } };
}

// One chunk per line: id · firstTs − previous firstTs · lastTs − firstTs · full (1, 0, or empty:
// unknown) · checkpointAt − firstTs (empty: none) · bytes (empty: unknown). An id is
// `<firstTs>-<batch>`, so only its batch part is sent, or the whole id after "=" when its time part
// is not the chunk's firstTs.

const BATCH = /^[A-Za-z0-9_-]{1,64}$/;
const NUMBER = /^-?\d{1,16}(\.\d{1,6})?$/;

export function encodeManifest(chunks: readonly ManifestChunk[]): string {
  let previous = 0;
  return chunks
    .map((c) => {
      const batch = c.id.slice(c.id.indexOf("-") + 1);
      const line = [
        c.id === `${c.firstTs}-${batch}` ? batch : `=${c.id}`,
        c.firstTs - previous,
        c.lastTs - c.firstTs,
        c.full === null ? "" : c.full ? 1 : 0,
        c.checkpointAt === null || c.checkpointAt === undefined ? "" : c.checkpointAt - c.firstTs,
        c.bytes ?? "",
      ].join(",");
      previous = c.firstTs;
      return line;
    })
    .join("\n");
}

/** The manifest's chunks back from `encodeManifest`'s string; throws on anything else. */
export function decodeManifest(text: string): ManifestChunk[] {
  if (text === "") return [];
  let previous = 0;
  return text.split("\n").map((line, i) => {
    const bad = () => new Error(`chunk manifest: line ${i + 1} is not a chunk`);
    const fields = line.split(",");
    if (fields.length !== 6) throw bad();
    const [id, first, last, full, checkpoint, bytes] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const number = (f: string) => {
      if (!NUMBER.test(f)) throw bad();
      return Number(f);
    };
    const firstTs = previous + number(first);
    previous = firstTs;
    const whole = id.startsWith("=");
    if (!BATCH.test(whole ? id.slice(1) : id) || (full !== "" && full !== "0" && full !== "1")) throw bad();
    return {
      id: whole ? id.slice(1) : `${firstTs}-${id}`,
      firstTs,
      lastTs: firstTs + number(last),
      full: full === "" ? null : full === "1",
      checkpointAt: checkpoint === "" ? null : firstTs + number(checkpoint),
      bytes: bytes === "" ? null : number(bytes),
    };
  });
}

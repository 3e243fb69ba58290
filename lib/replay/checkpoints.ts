/**
 * Which chunks a moment of a recording needs. A replay can start only from a full snapshot, so
 * showing moment `at` takes the chunks from the latest checkpoint at or before it up to the chunk
 * covering it — a few minutes of events in a recording with checkpoints, however long it is.
 * Recordings from before the checkpoint index start from their first chunk, as they always did.
 */

export interface PlannedChunk {
  firstTs: number;
  lastTs: number;
  /** Holds a full snapshot (null: stored before ingest noted it). */
  full: boolean | null;
  /** When its first full snapshot was taken, from the checkpoint index. */
  checkpointAt?: number | null;
}

/**
 * From when replaying may start at this chunk: its checkpoint; for a chunk stored before the
 * index that holds a full snapshot, its end (the snapshot is somewhere inside); otherwise never.
 */
export function startPointOf(chunk: PlannedChunk): number | null {
  if (chunk.checkpointAt !== undefined && chunk.checkpointAt !== null) return chunk.checkpointAt;
  return chunk.full === true ? chunk.lastTs : null;
}

/** The index of the last chunk starting at or before `at` (0 when none does). Chunks are in time order. */
export function chunkIndexAt(chunks: readonly PlannedChunk[], at: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid]!.firstTs <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The chunks (indexes `from`…`to`) to load and replay to show moment `at`. */
export function chunksFor(chunks: readonly PlannedChunk[], at: number): { from: number; to: number } {
  const to = chunkIndexAt(chunks, at);
  for (let i = to; i > 0; i--) {
    const start = startPointOf(chunks[i]!);
    if (start !== null && start <= at) return { from: i, to };
  }
  return { from: 0, to };
}

/**
 * Whether a replay already built from chunk `windowFrom` and fed up to (not including) chunk
 * `fedUntil` should carry on to moment `at` rather than start over from a nearer checkpoint:
 * when it starts before `at` and needs no more chunks than a fresh start would.
 */
export function keepsWindow(
  chunks: readonly PlannedChunk[],
  window: { from: number; fedUntil: number },
  at: number,
): boolean {
  const { from } = chunksFor(chunks, at);
  const windowStart = window.from === 0 ? (chunks[0]?.firstTs ?? 0) : startPointOf(chunks[window.from]!);
  if (windowStart === null || windowStart > at) return false;
  return window.from === from || window.fedUntil >= from;
}

/**
 * The moments a fast-forward from `from` to `to` stops at on the way, each after about `step`
 * events, so applying a long stretch is many short tasks with the browser free between them
 * rather than one that freezes the tab. Empty when the stretch is short.
 */
export function fastForwardSteps(
  chunks: readonly PlannedChunk[],
  eventsIn: (index: number) => number,
  from: number,
  to: number,
  step: number,
): number[] {
  const steps: number[] = [];
  let count = 0;
  const last = chunkIndexAt(chunks, to);
  for (let i = chunkIndexAt(chunks, from); i <= last; i++) {
    count += eventsIn(i);
    const end = chunks[i]!.lastTs;
    if (count >= step && end > from && end < to) {
      steps.push(end);
      count = 0;
    }
  }
  return steps;
}

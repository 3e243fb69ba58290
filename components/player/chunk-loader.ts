import { chunkIndexAt } from "@/lib/replay/checkpoints";
import type { ReplayEvent } from "@/lib/replay/timeline";
import { EventType } from "@/sdk/src/wire";

/**
 * Fetches a recording's chunks a few at a time, in time order, and hands each one on as soon as
 * every chunk before it has arrived (the replayer must see changes in order). Playback can start
 * from the first chunks while the rest stream in; a seek waits only for the chunks up to its time.
 * A loader may start at a checkpoint's chunk rather than the first (lib/replay/checkpoints.ts).
 */

export interface ChunkRef {
  id: string;
  firstTs: number;
  lastTs: number;
  full: boolean | null;
  /** When the chunk's first full snapshot was taken (the checkpoint index), if known. */
  checkpointAt?: number | null;
  /** Stored bytes, when ingest noted them: range requests stay within the route's byte limit. */
  bytes?: number | null;
}

export interface LoaderProgress {
  /** The chunk this loader started at. */
  from: number;
  /** The index of the next chunk to hand on: every chunk from `from` up to it has been (failed ones as skipped). */
  fed: number;
  total: number;
  /** The latest moment covered by the chunks handed on. */
  bufferedUntil: number;
  failed: string[];
  sawFullSnapshot: boolean;
}

type Fetch = (chunk: ChunkRef) => Promise<ReplayEvent[]>;

/**
 * Several consecutive chunks in one request (the range route). A loader given one asks for up to
 * `span` chunks at a time; when a range request fails it falls back to one request per chunk.
 */
export interface RangeFetch {
  /** How many chunks, from index `index` up to `last`, one request may carry (at least 1). */
  span(index: number, last: number): number;
  /** The events of each chunk, in order; null for a chunk the answer did not hold. */
  fetch(chunks: ChunkRef[]): Promise<(ReplayEvent[] | null)[]>;
}

export class ChunkLoader {
  private readonly results = new Map<number, ReplayEvent[] | "failed">();
  private nextToRequest = 0;
  private inFlight = 0;
  private fed = 0;
  private bufferedUntil = 0;
  private readonly failed: string[] = [];
  private sawFullSnapshot = false;
  private stopped = false;
  /** Chunks beyond this index wait until the first frame is up (or a seek needs them). */
  private requestLimit = Number.POSITIVE_INFINITY;
  private waiters: { index: number; resolve: () => void }[] = [];

  constructor(
    private readonly chunks: ChunkRef[],
    private readonly fetchChunk: Fetch,
    private readonly onEvents: (events: ReplayEvent[], progress: LoaderProgress, index: number) => void,
    private readonly concurrency = 4,
    private readonly range?: RangeFetch,
  ) {
    this.bufferedUntil = chunks[0]?.firstTs ?? 0;
  }

  private from = 0;

  /**
   * Starts fetching at chunk `from`; with `firstOnly`, only up to the first chunk from there that
   * holds a full snapshot.
   */
  start(firstOnly = false, from = 0): void {
    this.from = this.fed = this.nextToRequest = from;
    this.bufferedUntil = this.chunks[from]?.firstTs ?? 0;
    if (firstOnly) {
      const first = this.chunks.findIndex((c, i) => i >= from && c.full !== false);
      this.requestLimit = Math.max(from, first);
    }
    this.pump();
  }

  /** Fetches everything left, in the background. */
  loadRest(): void {
    this.requestLimit = Number.POSITIVE_INFINITY;
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  get progress(): LoaderProgress {
    return {
      from: this.from,
      fed: this.fed,
      total: this.chunks.length,
      bufferedUntil: this.bufferedUntil,
      failed: [...this.failed],
      sawFullSnapshot: this.sawFullSnapshot,
    };
  }

  /** The index of the last chunk that starts at or before this moment. */
  chunkAt(at: number): number {
    return chunkIndexAt(this.chunks, at);
  }

  /** Resolves once every chunk up to and including `index` has been handed on. */
  until(index: number): Promise<void> {
    if (this.fed > Math.min(index, this.chunks.length - 1) || this.stopped) return Promise.resolve();
    if (index > this.requestLimit) {
      this.requestLimit = index;
      this.pump();
    }
    return new Promise((resolve) => this.waiters.push({ index, resolve }));
  }

  private pump(): void {
    while (
      !this.stopped &&
      this.inFlight < this.concurrency &&
      this.nextToRequest < this.chunks.length &&
      this.nextToRequest <= this.requestLimit
    ) {
      const index = this.nextToRequest;
      const last = Math.min(this.chunks.length - 1, this.requestLimit);
      const count = this.range ? Math.max(1, Math.min(last - index + 1, this.range.span(index, last))) : 1;
      this.nextToRequest += count;
      this.inFlight++;
      const settle = (i: number, events: ReplayEvent[] | null) => {
        this.results.set(i, events ?? "failed");
      };
      const one = (i: number) =>
        this.fetchChunk(this.chunks[i]!).then(
          (events) => settle(i, events),
          () => settle(i, null),
        );
      const request =
        count === 1
          ? one(index)
          : this.range!.fetch(this.chunks.slice(index, index + count)).then(
              (all) => {
                for (const [k, events] of all.entries()) settle(index + k, events);
              },
              // A refused or broken range: the same chunks one by one.
              () => Promise.all(Array.from({ length: count }, (_, k) => one(index + k))),
            );
      void request.finally(() => {
        this.inFlight--;
        this.feed();
        this.pump();
      });
    }
  }

  private feed(): void {
    while (!this.stopped && this.results.has(this.fed)) {
      const index = this.fed;
      const result = this.results.get(index)!;
      this.results.delete(index);
      this.fed++;
      const chunk = this.chunks[index]!;
      if (result === "failed") this.failed.push(chunk.id);
      else {
        if (result.some((e) => e.type === EventType.FullSnapshot)) this.sawFullSnapshot = true;
        for (const e of result) if (e.timestamp > this.bufferedUntil) this.bufferedUntil = e.timestamp;
      }
      this.bufferedUntil = Math.max(this.bufferedUntil, chunk.lastTs);
      this.onEvents(result === "failed" ? [] : result, this.progress, index);
      this.waiters = this.waiters.filter((w) => {
        if (this.fed > Math.min(w.index, this.chunks.length - 1)) {
          w.resolve();
          return false;
        }
        return true;
      });
    }
  }
}

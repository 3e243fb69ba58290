import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { type DecodedBatch, fromWire, handlePoolRequest, type PoolReply, type PoolRequest } from "./prepare";

/**
 * A fixed set of worker threads for ingest's CPU-heavy steps, so a large batch never holds the
 * event loop that answers /api/health and the dashboard. A request leases one worker for both of
 * its steps (the worker keeps the decoded batch between them); when every worker is leased and
 * the wait line is full, the request is refused with 503 and Retry-After instead of queueing
 * without bound.
 */

/** `transfer`: buffers the message hands over (detached here) instead of copying. */
type Send = (message: PoolRequest, transfer?: ArrayBuffer[]) => Promise<PoolReply>;

interface Slot {
  send: Send;
  /** Ends the job: the slot forgets what it held for it. */
  drop(id: number): void;
}

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export interface Lease {
  /** `transfer`: buffers of the message handed to the worker without a copy (unusable here after). */
  call(message: WithoutId<PoolRequest>, transfer?: ArrayBuffer[]): Promise<PoolReply>;
  release(): void;
}

/** Job ids unique per process, not per copy of this module (see `holder` below): the threads are shared. */
const jobIds = globalThis as unknown as { __rewindIngestJobId?: number };
const nextJobId = () => {
  jobIds.__rewindIngestJobId = (jobIds.__rewindIngestJobId ?? 0) + 1;
  return jobIds.__rewindIngestJobId;
};

/**
 * One worker thread. It answers one message at a time, but holds several jobs between their two
 * steps, so a job waiting on the store does not idle the thread. A crash fails its jobs and starts
 * a new thread.
 */
class ThreadSlot implements Slot {
  private worker!: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (r: PoolReply) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly file: string,
    /** Also warm up on a batch of the largest size (lib/ingest/warm.ts): servers, not tests. */
    private readonly largeWarmUp = false,
  ) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(this.file, { workerData: { largeWarmUp: this.largeWarmUp } });
    // Idle workers must not keep a finished process (a test, a script) alive.
    this.worker.unref();
    this.worker.on("message", (reply: PoolReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      w.resolve(reply);
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      this.fail(new Error(`ingest worker exited with code ${code}`));
      this.spawn();
    });
  }

  private fail(error: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of all) w.reject(error);
  }

  send: Send = (message, transfer = []) =>
    new Promise((resolve, reject) => {
      this.waiting.set(message.id, { resolve, reject });
      this.worker.postMessage(message, transfer);
    });

  drop(id: number): void {
    this.worker.postMessage({ id, type: "drop" } satisfies PoolRequest);
  }

  terminate(): Promise<number> {
    this.worker.removeAllListeners("exit");
    return this.worker.terminate();
  }
}

/** The same steps on the calling thread, where no worker file can ship (Vercel's functions). */
class InlineSlot implements Slot {
  private readonly held = new Map<number, DecodedBatch>();
  send: Send = async (message) => {
    const reply = handlePoolRequest(message, this.held);
    if (!reply) throw new Error("ingest: no reply for a drop");
    return reply;
  };
  drop(id: number): void {
    this.held.delete(id);
  }
}

export class IngestPool {
  private readonly slots: Slot[];
  /** Jobs leased on each slot now. */
  private readonly active = new Map<Slot, number>();
  private readonly waiters: ((slot: Slot) => void)[] = [];

  constructor(
    slots: Slot[],
    /** How many requests may wait for a worker before more are refused. */
    readonly maxWaiting: number,
    /** Jobs one worker holds at once: between its steps a job waits on the store, not on the CPU. */
    readonly jobsPerSlot = 1,
  ) {
    this.slots = slots;
    for (const slot of slots) this.active.set(slot, 0);
  }

  static threads(file: string, size: number, maxWaiting: number, jobsPerSlot = 1): IngestPool {
    return new IngestPool(
      Array.from({ length: size }, () => new ThreadSlot(file)),
      maxWaiting,
      jobsPerSlot,
    );
  }

  /** The least busy slot with room for another job, taken; or none. */
  private take(): Slot | undefined {
    let best: Slot | undefined;
    for (const [slot, jobs] of this.active)
      if (jobs < this.jobsPerSlot && (!best || jobs < this.active.get(best)!)) best = slot;
    if (best) this.active.set(best, this.active.get(best)! + 1);
    return best;
  }

  static inline(): IngestPool {
    // One synchronous slot: a request runs its steps without waiting for another's.
    return new IngestPool([new InlineSlot()], Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  get size(): number {
    return this.slots.length;
  }

  /** True when a new request would be refused: every worker busy and the wait line full. */
  saturated(): boolean {
    return (
      [...this.active.values()].every((jobs) => jobs >= this.jobsPerSlot) &&
      this.waiters.length >= this.maxWaiting
    );
  }

  async lease(): Promise<Lease> {
    const slot = this.take() ?? (await this.wait());
    const id = nextJobId();
    let released = false;
    return {
      call: async (message, transfer) => {
        const reply = await slot.send({ ...message, id } as PoolRequest, transfer);
        if (reply.type === "error") throw fromWire(reply.error);
        return reply;
      },
      release: () => {
        if (released) return;
        released = true;
        slot.drop(id);
        // The job's place on this slot passes to the first in line, or is freed.
        const next = this.waiters.shift();
        if (next) next(slot);
        else this.active.set(slot, this.active.get(slot)! - 1);
      },
    };
  }

  private wait(): Promise<Slot> {
    if (this.waiters.length >= this.maxWaiting) throw busy();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => (s instanceof ThreadSlot ? s.terminate() : undefined)));
  }
}

export function busy(): ApiError {
  return new ApiError("unavailable", "The server is busy storing other batches; retry shortly.", {
    "Retry-After": "1",
  });
}

/** Where `npm run build` (scripts/build-worker.mjs) puts the worker; the app runs from the project root. */
export const WORKER_FILE = join(process.cwd(), "dist", "ingest-worker.mjs");

/** Threads per process: the machine's cores shared among the server processes (WEB_CONCURRENCY). */
export function poolSize(processes: number, cores = availableParallelism()): number {
  return Math.max(1, Math.round(cores / Math.max(1, processes)));
}

/** Requests that may wait per worker before the pool answers 503. */
export const WAITING_PER_WORKER = 16;
/** Jobs a worker holds at once (each mostly waiting on the store between its two steps). */
export const JOBS_PER_WORKER = 8;

let shared: IngestPool | undefined;

/**
 * The threads, one set per process, held on globalThis: the server's startup hook
 * (instrumentation.ts) and the ingest route are bundled apart, each with its own copy of this
 * module. Only the threads are shared: each copy leases them through its own IngestPool, so the
 * errors a lease throws are the ApiError class of the code that catches them.
 */
const holder = globalThis as unknown as { __rewindIngestThreads?: Slot[] };

export function ingestPool(options: {
  inline: boolean;
  processes: number;
  largeWarmUp?: boolean;
}): IngestPool {
  if (shared) return shared;
  if (options.inline) {
    shared = IngestPool.inline();
    return shared;
  }
  if (!existsSync(WORKER_FILE)) {
    throw new Error(
      `ingest worker missing at ${WORKER_FILE}: run \`npm run build\` (or node scripts/build-worker.mjs)`,
    );
  }
  const size = poolSize(options.processes);
  holder.__rewindIngestThreads ??= Array.from(
    { length: size },
    () => new ThreadSlot(WORKER_FILE, options.largeWarmUp),
  );
  shared = new IngestPool(holder.__rewindIngestThreads, size * WAITING_PER_WORKER, JOBS_PER_WORKER);
  return shared;
}

/**
 * This server process's pool, sized by the environment. The startup hook (instrumentation.ts)
 * calls it first, so the threads spawn and warm up (lib/ingest/warm.ts) with the server, and the
 * first batch after a start waits neither for them nor for V8 to compile the path. The startup hook
 * asks for `largeWarmUp` (~1 s of CPU a thread at start, so a first batch of the largest size costs
 * what the next ones do); tests and scripts that start the pool on first use skip it.
 */
export function serverIngestPool(options: { largeWarmUp?: boolean } = {}): IngestPool {
  return ingestPool({ inline: !!env().VERCEL, processes: env().WEB_CONCURRENCY ?? 1, ...options });
}

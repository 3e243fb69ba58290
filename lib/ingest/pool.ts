import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import { type DecodedBatch, fromWire, handlePoolRequest, type PoolReply, type PoolRequest } from "./prepare";

/**
 * A fixed set of worker threads for ingest's CPU-heavy steps, so a large batch never holds the
 * event loop that answers /api/health and the dashboard. A request leases one worker for both of
 * its steps (the worker keeps the decoded batch between them); when every worker is leased and
 * the wait line is full, the request is refused with 503 and Retry-After instead of queueing
 * without bound.
 */

type Send = (message: PoolRequest) => Promise<PoolReply>;

interface Slot {
  send: Send;
  /** Ends the job: the slot forgets what it held for it. */
  drop(id: number): void;
}

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export interface Lease {
  call(message: WithoutId<PoolRequest>): Promise<PoolReply>;
  release(): void;
}

let nextJobId = 1;

/** One worker thread, answering one job at a time; a crash fails that job and starts a new thread. */
class ThreadSlot implements Slot {
  private worker!: Worker;
  private waiting: { id: number; resolve: (r: PoolReply) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly file: string) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(this.file);
    // Idle workers must not keep a finished process (a test, a script) alive.
    this.worker.unref();
    this.worker.on("message", (reply: PoolReply) => {
      const w = this.waiting;
      if (!w || w.id !== reply.id) return;
      this.waiting = null;
      w.resolve(reply);
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      this.fail(new Error(`ingest worker exited with code ${code}`));
      this.spawn();
    });
  }

  private fail(error: Error): void {
    const w = this.waiting;
    this.waiting = null;
    w?.reject(error);
  }

  send: Send = (message) =>
    new Promise((resolve, reject) => {
      this.waiting = { id: message.id, resolve, reject };
      this.worker.postMessage(message);
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
  private readonly idle: Slot[];
  private readonly slots: Slot[];
  private readonly waiters: ((slot: Slot) => void)[] = [];

  constructor(
    slots: Slot[],
    /** How many requests may wait for a worker before more are refused. */
    readonly maxWaiting: number,
  ) {
    this.slots = slots;
    this.idle = [...slots];
  }

  static threads(file: string, size: number, maxWaiting: number): IngestPool {
    return new IngestPool(
      Array.from({ length: size }, () => new ThreadSlot(file)),
      maxWaiting,
    );
  }

  static inline(): IngestPool {
    // One synchronous slot: a request runs its steps without waiting for another's.
    return new IngestPool([new InlineSlot()], Number.POSITIVE_INFINITY);
  }

  get size(): number {
    return this.slots.length;
  }

  /** True when a new request would be refused: every worker busy and the wait line full. */
  saturated(): boolean {
    return this.idle.length === 0 && this.waiters.length >= this.maxWaiting;
  }

  async lease(): Promise<Lease> {
    const slot = this.idle.pop() ?? (await this.wait());
    const id = nextJobId++;
    let released = false;
    return {
      call: async (message) => {
        const reply = await slot.send({ ...message, id } as PoolRequest);
        if (reply.type === "error") throw fromWire(reply.error);
        return reply;
      },
      release: () => {
        if (released) return;
        released = true;
        slot.drop(id);
        const next = this.waiters.shift();
        if (next) next(slot);
        else this.idle.push(slot);
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

let shared: IngestPool | undefined;

export function ingestPool(options: { inline: boolean; processes: number }): IngestPool {
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
  shared = IngestPool.threads(WORKER_FILE, size, size * WAITING_PER_WORKER);
  return shared;
}

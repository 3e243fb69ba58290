import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { prepareFile } from "./embedded-engine";
import { fromWire, type ThreadReply, type ThreadRequest, type WireError } from "./embedded-wire";
import { type Command, type KvDriver, KvError, type Reply } from "./types";

/** Where `npm run build` (scripts/build-worker.mjs) puts the KV thread; the app runs from the project root. */
export const KV_WORKER_FILE = join(process.cwd(), "dist", "kv-worker.mjs");

interface Waiter {
  resolve(value: never): void;
  reject(error: unknown): void;
}

function rebuild(error: WireError): Error {
  if (error.kv) return new KvError(error.message);
  return Object.assign(new Error(error.message), { name: error.name ?? "Error", code: error.code });
}

/**
 * The default KV: Redis semantics over one SQLite file (./embedded-engine.ts), run on a thread of
 * its own that owns the connection (./embedded-thread.ts), so SQLite's statements, commits and
 * checkpoints never hold up the server's event loop. Batches sent in the same turn of the event
 * loop (concurrent requests) travel in one message and are group-committed: one IMMEDIATE
 * transaction, each batch in its own savepoint, each answered only after the commit. Requests
 * reach the thread in the order they were sent and it runs them in that order, so a read sees
 * every write sent before it (read-your-writes), as when the connection lived on this thread.
 */
export class EmbeddedKv implements KvDriver {
  readonly name = "embedded" as const;
  readonly location: string;
  /** Batches run in group commits, and the commits (as of the last answer): for tests and the bench. */
  readonly stats = { batches: 0, commits: 0 };
  private worker: Worker | null = null;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private queued: { id: number; commands: Command[] }[] | null = null;
  private closing: Promise<void> | null = null;

  constructor(readonly file: string) {
    if (!existsSync(KV_WORKER_FILE)) {
      throw new Error(
        `embedded KV thread missing at ${KV_WORKER_FILE}: run \`npm run build\` (or node scripts/build-worker.mjs)`,
      );
    }
    prepareFile(file);
    this.location = file;
    this.start();
  }

  private start(): Worker {
    const worker = new Worker(KV_WORKER_FILE, { workerData: { file: this.file } });
    // The thread keeps the process alive only while an answer is awaited (see track()).
    worker.unref();
    worker.on("message", (message: ThreadReply) => this.receive(message));
    const fail = (error: unknown) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const waiter of this.waiters.values()) waiter.reject(error);
      this.waiters.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the embedded KV thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private receive(message: ThreadReply): void {
    if (message.type === "ran") {
      Object.assign(this.stats, message.stats);
      for (const result of message.results) {
        const waiter = this.take(result.id);
        if (result.error) waiter?.reject(rebuild(result.error));
        else waiter?.resolve(fromWire(result.replies) as never);
      }
    } else {
      const waiter = this.take(message.id);
      if (message.error) waiter?.reject(rebuild(message.error));
      else waiter?.resolve(message.value as never);
    }
  }

  private take(id: number): Waiter | undefined {
    const waiter = this.waiters.get(id);
    this.waiters.delete(id);
    if (this.waiters.size === 0) this.worker?.unref();
    return waiter;
  }

  /** Registers an awaited answer; the thread holds the process open until it comes. */
  private track<T>(worker = this.thread()): { id: number; answer: Promise<T> } {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.waiters.set(id, { resolve: resolve as (value: never) => void, reject });
    });
    worker.ref();
    return { id, answer };
  }

  private thread(): Worker {
    if (this.closing) throw new Error("the embedded KV is closed");
    return this.worker ?? this.start();
  }

  private post(message: ThreadRequest): void {
    this.thread().postMessage(message);
  }

  async run(commands: Command[], _mode: "pipeline" | "multi"): Promise<Reply[]> {
    const { id, answer } = this.track<Reply[]>();
    if (!this.queued) {
      this.queued = [];
      setImmediate(() => this.send());
    }
    this.queued.push({ id, commands });
    return answer;
  }

  /** Posts the batches sent this turn as one message: the thread commits them together. */
  private send(worker?: Worker): void {
    const batches = this.queued;
    this.queued = null;
    if (batches?.length)
      (worker ?? this.thread()).postMessage({ type: "run", batches } satisfies ThreadRequest);
  }

  private request<T>(message: (id: number) => ThreadRequest): Promise<T> {
    this.send(); // after the batches sent before it
    const { id, answer } = this.track<T>();
    this.post(message(id));
    return answer;
  }

  scan(prefix: string): Promise<string[]> {
    return this.request((id) => ({ type: "scan", id, prefix }));
  }

  /** Removes expired keys (the thread also does so every minute); how many it removed. */
  sweepExpired(): Promise<number> {
    return this.request((id) => ({ type: "sweep", id }));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      this.send(worker); // what is waiting commits before the file closes
      const { id, answer } = this.track<void>(worker);
      worker.postMessage({ type: "close", id } satisfies ThreadRequest);
      await answer;
      this.worker = null;
      await worker.terminate();
    })();
    return this.closing;
  }
}

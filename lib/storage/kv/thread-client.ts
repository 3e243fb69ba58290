import { Worker } from "node:worker_threads";
import { fromWire, type ThreadReply, type ThreadRequest, type WireError } from "./embedded-wire";
import { type Command, KvError, type Reply } from "./types";

interface Waiter {
  resolve(value: never): void;
  reject(error: unknown): void;
}

function rebuild(error: WireError): Error {
  if (error.kv) return new KvError(error.message);
  return Object.assign(new Error(error.message), { name: error.name ?? "Error", code: error.code });
}

/**
 * The server's side of a KV driver that runs on a thread of its own (the embedded SQLite file,
 * ./embedded.ts; a Redis connection, ./redis-threaded.ts): the thread does the store's work (SQLite
 * statements, or the Redis protocol's encoding and reply parsing), so the event loop only posts
 * commands and reads replies. Batches sent in the same turn of the event loop (concurrent
 * requests) travel in one message. Requests reach the thread in the order they were sent and it
 * starts them in that order, so a read sees every write sent before it (read-your-writes).
 */
export abstract class ThreadKv {
  private worker: Worker | null = null;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private queued: { id: number; commands: Command[]; mode: "pipeline" | "multi" }[] | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly workerFile: string,
    private readonly workerData: unknown,
  ) {}

  /** Called by the subclass once it is ready (the thread may read what its constructor prepared). */
  protected start(): Worker {
    const worker = new Worker(this.workerFile, { workerData: this.workerData });
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
    worker.on("exit", (code) => fail(new Error(`the KV thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** What the thread reports with each group it ran (the embedded store's commit counts). */
  protected onStats(_stats: Record<string, number>): void {}

  private receive(message: ThreadReply): void {
    if (message.type === "ran") {
      if (message.stats) this.onStats(message.stats);
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
    if (this.closing) throw new Error("the KV is closed");
    return this.worker ?? this.start();
  }

  async run(commands: Command[], mode: "pipeline" | "multi"): Promise<Reply[]> {
    const { id, answer } = this.track<Reply[]>();
    if (!this.queued) {
      this.queued = [];
      setImmediate(() => this.send());
    }
    this.queued.push({ id, commands, mode });
    return answer;
  }

  /** Posts the batches sent this turn as one message. */
  private send(worker?: Worker): void {
    const batches = this.queued;
    this.queued = null;
    if (batches?.length)
      (worker ?? this.thread()).postMessage({ type: "run", batches } satisfies ThreadRequest);
  }

  protected request<T>(message: (id: number) => ThreadRequest): Promise<T> {
    this.send(); // after the batches sent before it
    const { id, answer } = this.track<T>();
    this.thread().postMessage(message(id));
    return answer;
  }

  scan(prefix: string): Promise<string[]> {
    return this.request((id) => ({ type: "scan", id, prefix }));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      this.send(worker); // what is waiting runs before the store closes
      const { id, answer } = this.track<void>(worker);
      worker.postMessage({ type: "close", id } satisfies ThreadRequest);
      await answer;
      this.worker = null;
      await worker.terminate();
    })();
    return this.closing;
  }
}

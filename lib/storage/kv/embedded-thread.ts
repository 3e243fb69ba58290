import { parentPort, workerData } from "node:worker_threads";
import { EmbeddedEngine, type Outcome } from "./embedded-engine";
import { type ThreadReply, type ThreadRequest, toWire, toWireError } from "./embedded-wire";
import type { Command } from "./types";

/**
 * The KV thread (bundled to dist/kv-worker.mjs by scripts/build-worker.mjs): it owns the SQLite
 * connection, so statements, commits, WAL writes and checkpoints never block the server's event
 * loop. Batches that arrive while it is busy (or in one message) share one group commit; each is
 * answered only after that commit.
 */
const engine = new EmbeddedEngine((workerData as { file: string }).file);
const port = parentPort!;

let waiting: { id: number; commands: Command[] }[] = [];
let scheduled = false;

function send(reply: ThreadReply): void {
  port.postMessage(reply);
}

/** Commits every batch waiting, in arrival order, and answers them in one message. */
function flush(): void {
  scheduled = false;
  if (waiting.length === 0) return;
  const group = waiting;
  waiting = [];
  const outcomes: Outcome[] = engine.runGroup(group.map((q) => q.commands));
  send({
    type: "ran",
    results: group.map((q, i) => {
      const outcome = outcomes[i]!;
      return outcome.replies
        ? { id: q.id, replies: toWire(outcome.replies) }
        : { id: q.id, error: toWireError(outcome.error) };
    }),
    stats: { ...engine.stats },
  });
}

/** Runs a request that is not a batch, after the batches sent before it. */
function answer(id: number, work: () => unknown): void {
  flush();
  try {
    send({ type: "answer", id, value: work() });
  } catch (error) {
    send({ type: "answer", id, error: toWireError(error) });
  }
}

// Expired keys are reclaimed without waiting for a read.
const sweeper = setInterval(() => engine.sweepExpired(), 60_000);
sweeper.unref();

port.on("message", (message: ThreadRequest) => {
  switch (message.type) {
    case "run":
      waiting.push(...message.batches);
      // Every message already queued is read before setImmediate fires: they join this group.
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return;
    case "scan":
      return answer(message.id, () => engine.scan(message.prefix));
    case "sweep":
      return answer(message.id, () => engine.sweepExpired());
    case "close":
      clearInterval(sweeper);
      answer(message.id, () => engine.close());
      port.close();
      return;
  }
});

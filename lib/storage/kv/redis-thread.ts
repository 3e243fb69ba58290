import { parentPort, workerData } from "node:worker_threads";
import { type ThreadRequest, toWire, toWireError } from "./embedded-wire";
import { RedisKv } from "./redis";

/**
 * The Redis thread (bundled to dist/redis-worker.mjs by scripts/build-worker.mjs): it owns the
 * ioredis connection, so encoding commands and parsing replies (a batch's MULTI is ~100 commands,
 * each with its QUEUED reply) runs here, not on the server's event loop. Each batch runs as soon
 * as it arrives, in arrival order on the one connection, as it would on the server's thread.
 */
const { url, cluster } = workerData as { url: string; cluster: boolean };
const redis = new RedisKv(url, { cluster });
const port = parentPort!;

port.on("message", (message: ThreadRequest) => {
  switch (message.type) {
    case "run":
      for (const { id, commands, mode } of message.batches)
        redis.run(commands, mode).then(
          (replies) => port.postMessage({ type: "ran", results: [{ id, replies: toWire(replies) }] }),
          (error: unknown) => port.postMessage({ type: "ran", results: [{ id, error: toWireError(error) }] }),
        );
      return;
    case "scan":
      redis.scan(message.prefix).then(
        (value) => port.postMessage({ type: "answer", id: message.id, value }),
        (error: unknown) => port.postMessage({ type: "answer", id: message.id, error: toWireError(error) }),
      );
      return;
    case "sweep":
      // Redis expires keys itself.
      port.postMessage({ type: "answer", id: message.id, value: 0 });
      return;
    case "close":
      redis.close().finally(() => {
        port.postMessage({ type: "answer", id: message.id });
        port.close();
      });
      return;
  }
});

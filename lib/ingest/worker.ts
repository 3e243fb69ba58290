import { parentPort, workerData } from "node:worker_threads";
import { type DecodedBatch, handlePoolRequest, type PoolRequest, replyTransfer } from "./prepare";
import { warmUp } from "./warm";

/**
 * The ingest worker thread (bundled to dist/ingest-worker.mjs by scripts/build-worker.mjs, outside
 * Next's bundle so that `next start` can load it by path). It holds each job's decoded batch
 * between the job's two steps.
 */
// Before the first message is read (messages wait meanwhile), so no client's batch pays for it.
warmUp({ large: (workerData as { largeWarmUp?: boolean } | null)?.largeWarmUp === true });
const held = new Map<number, DecodedBatch>();
parentPort?.on("message", (message: PoolRequest) => {
  const reply = handlePoolRequest(message, held);
  if (reply) parentPort?.postMessage(reply, replyTransfer(reply));
});

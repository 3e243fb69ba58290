import { z } from "zod";
import { sessionKeys } from "@/lib/data/session-keys";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord } from "./json-hash";
import { skipCorrupt } from "./record";

/**
 * Batches ingest refused after it knew their session (a cap, a bad event): kept with the session
 * so its health line can say that part of the recording was turned away and why. One field per
 * tab and sequence number, so a batch the SDK retries or splits is noted once, and the player can
 * tell a refusal the SDK recovered from (a chunk with the same tab and number was stored later).
 */

const refusedBatchSchema = z.object({
  /** When the server refused it (the batch's own times were not read). */
  at: z.number(),
  window: z.string().nullable(),
  seq: z.number().nullable(),
  code: z.string(),
  message: z.string(),
});
export type RefusedBatch = z.infer<typeof refusedBatchSchema>;

const MESSAGE_CHARS = 300;

export async function noteRefusedBatch(ws: string, sid: string, batch: RefusedBatch): Promise<void> {
  const field = `${batch.window ?? ""}:${batch.seq ?? ""}`;
  const value = JSON.stringify({ ...batch, message: batch.message.slice(0, MESSAGE_CHARS) });
  await (await kv()).hset(sessionKeys.refused(ws, sid), { [field]: value });
}

export async function refusedBatches(ws: string, sid: string): Promise<RefusedBatch[]> {
  const all = await (await kv()).hgetall(sessionKeys.refused(ws, sid));
  return Object.values(all)
    .flatMap((value) =>
      skipCorrupt(
        () => parseJsonRecord(refusedBatchSchema, `refused batch of ${sid}`, value),
        "refused batches",
      ),
    )
    .sort((a, b) => a.at - b.at);
}

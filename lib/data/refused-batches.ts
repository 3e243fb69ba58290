import { sessionKeys } from "@/lib/data/session-keys";
import { kv } from "@/lib/storage/kv";

/**
 * Batches ingest refused after it knew their session (a cap, a bad event): kept with the session
 * so its health line can say that part of the recording was turned away and why. One field per
 * tab and sequence number, so a batch the SDK retries or splits is noted once, and the player can
 * tell a refusal the SDK recovered from (a chunk with the same tab and number was stored later).
 */

export interface RefusedBatch {
  /** When the server refused it (the batch's own times were not read). */
  at: number;
  window: string | null;
  seq: number | null;
  code: string;
  message: string;
}

const MESSAGE_CHARS = 300;

export async function noteRefusedBatch(ws: string, sid: string, batch: RefusedBatch): Promise<void> {
  const field = `${batch.window ?? ""}:${batch.seq ?? ""}`;
  const value = JSON.stringify({ ...batch, message: batch.message.slice(0, MESSAGE_CHARS) });
  await (await kv()).hset(sessionKeys.refused(ws, sid), { [field]: value });
}

export async function refusedBatches(ws: string, sid: string): Promise<RefusedBatch[]> {
  const all = await (await kv()).hgetall(sessionKeys.refused(ws, sid));
  const out: RefusedBatch[] = [];
  for (const value of Object.values(all)) {
    try {
      out.push(JSON.parse(value) as RefusedBatch);
    } catch {}
  }
  return out.sort((a, b) => a.at - b.at);
}

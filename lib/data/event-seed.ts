import type { Device } from "@/lib/ingest/device";
import type { CapturedEvent } from "@/lib/ingest/summarize";
import { kv } from "@/lib/storage/kv";
import { queueEventWrites } from "./events";
import { personIndexKey } from "./persons";
import { sessionKeys } from "./session-keys";

/**
 * A bulk writer for benchmarks of event readers (bench:funnel's million events): per batch, only
 * what the event readers and person merging use — the events through ingest's own
 * `queueEventWrites` (every index and hour version), the session's person and device fields, its
 * start, and the person's session index — many batches per round trip. Not a replacement for
 * `applyBatch`: no chunk, search index, signal or person figure is written.
 */
export interface SeedBatch {
  sessionId: string;
  distinctId: string;
  batchId: string;
  startedAt: number;
  device: Device;
  country: string;
  events: CapturedEvent[];
}

/** Batches written per pipeline. */
const PER_ROUND_TRIP = 500;

export async function writeEventBatches(ws: string, batches: SeedBatch[]): Promise<void> {
  const store = await kv();
  for (let i = 0; i < batches.length; i += PER_ROUND_TRIP) {
    const p = store.pipeline();
    for (const b of batches.slice(i, i + PER_ROUND_TRIP)) {
      p.hset(sessionKeys.session(ws, b.sessionId), {
        distinctId: b.distinctId,
        browser: b.device.browser,
        os: b.device.os,
        device: b.device.device,
        country: b.country,
      });
      p.zadd(sessionKeys.started(ws), { score: b.startedAt, member: b.sessionId }, { lt: true });
      p.zadd(personIndexKey(ws, b.distinctId), { score: b.startedAt, member: b.sessionId });
      queueEventWrites(p, {
        ws,
        sessionId: b.sessionId,
        distinctId: b.distinctId,
        batchId: b.batchId,
        events: b.events,
      });
    }
    await p.exec();
  }
}

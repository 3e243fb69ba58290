import { z } from "zod";
import { newId } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord } from "./json-hash";
import { skipCorrupt } from "./record";

/**
 * Notification deliveries (Slack, webhooks) and the due-queue that sends them out of band.
 *
 * Ingest and the comment route only write here (a record and a queue entry); the cron route or the
 * in-process timer (lib/integrations/dispatch.ts) claims what is due and makes the calls, so a slow
 * or failing receiver never slows a request. The queue is one sorted set for every workspace
 * (score: when the entry is due); an entry is either a delivery or a "check" of a recording that
 * received batches (does it now match a playlist, has it its first error click?). Claiming is a
 * ZREM: among instances sharing the store, only the one whose ZREM removed the entry runs it.
 * Each workspace keeps its last MAX_LOG deliveries, the delivery log shown in settings.
 */

const keys = {
  due: () => "integrations:due",
  deliveries: (ws: string) => `{w:${ws}}:deliveries`,
  log: (ws: string) => `{w:${ws}}:deliveries:log`,
  /** What was already announced about a recording ("errorclick", "playlist:<id>"). */
  notified: (ws: string, sid: string) => `{w:${ws}}:notified:${sid}`,
};

export const MAX_LOG = 200;
const NOTIFIED_TTL_MS = 90 * 24 * 3600_000;

const deliveryEvent = z.enum(["playlist.matched", "recording.error_click", "comment.mention", "test"]);
export type DeliveryEvent = z.infer<typeof deliveryEvent>;
const deliveryTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("slack") }),
  z.object({ kind: z.literal("webhook"), webhookId: z.string() }),
]);
export type DeliveryTarget = z.infer<typeof deliveryTarget>;

const deliveryRecord = z.object({
  id: z.string(),
  target: deliveryTarget,
  event: deliveryEvent,
  /** The event as sent to webhooks; Slack gets a message built from it. */
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
  attempts: z.number().int().nonnegative(),
  status: z.enum(["pending", "delivered", "failed"]),
  /** The receiver's last HTTP status, or null when no answer came. */
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type Delivery = z.infer<typeof deliveryRecord>;

export type DueEntry =
  | { kind: "delivery"; ws: string; id: string }
  | { kind: "check"; ws: string; sessionId: string };

const member = (e: DueEntry) => (e.kind === "delivery" ? `d ${e.ws} ${e.id}` : `c ${e.ws} ${e.sessionId}`);

function parseMember(raw: string): DueEntry | null {
  const [kind, ws, id] = raw.split(" ");
  if (!ws || !id) return null;
  if (kind === "d") return { kind: "delivery", ws, id };
  if (kind === "c") return { kind: "check", ws, sessionId: id };
  return null;
}

/** Records a delivery as pending and queues it now. */
export async function enqueueDelivery(
  ws: string,
  input: Pick<Delivery, "target" | "event" | "payload">,
  now = Date.now(),
): Promise<Delivery> {
  const delivery: Delivery = {
    id: newId("dl"),
    ...input,
    createdAt: now,
    attempts: 0,
    status: "pending",
    lastStatus: null,
    lastError: null,
    nextAttemptAt: now,
    finishedAt: null,
  };
  const store = await kv();
  await store
    .multi()
    .hset(keys.deliveries(ws), { [delivery.id]: JSON.stringify(delivery) })
    .zadd(keys.log(ws), { score: now, member: delivery.id })
    .exec();
  await store.zadd(keys.due(), { score: now, member: member({ kind: "delivery", ws, id: delivery.id }) });
  await trimLog(ws);
  return delivery;
}

async function trimLog(ws: string): Promise<void> {
  const store = await kv();
  const old = await store.zrange(keys.log(ws), { by: "rank", start: 0, stop: -(MAX_LOG + 1) });
  if (old.length === 0) return;
  await store.multi().zrem(keys.log(ws), old).hdel(keys.deliveries(ws), old).exec();
}

/** Queues a look at a recording that received a batch, unless one is already queued (then false). */
export async function queueSessionCheck(ws: string, sessionId: string, dueAt: number): Promise<boolean> {
  const added = await (await kv()).zadd(
    keys.due(),
    { score: dueAt, member: member({ kind: "check", ws, sessionId }) },
    { nx: true },
  );
  return added === 1;
}

/** Claims up to `limit` entries due by `now`; each claimed entry is this caller's alone. */
export async function claimDue(now: number, limit: number): Promise<DueEntry[]> {
  const store = await kv();
  const due = await store.zrange(keys.due(), { by: "score", min: "-inf", max: now, offset: 0, count: limit });
  const claimed: DueEntry[] = [];
  for (const raw of due) {
    if ((await store.zrem(keys.due(), raw)) !== 1) continue;
    const entry = parseMember(raw);
    if (entry) claimed.push(entry);
  }
  return claimed;
}

export async function getDelivery(ws: string, id: string): Promise<Delivery | null> {
  const raw = await (await kv()).hget(keys.deliveries(ws), id);
  return raw ? parseJsonRecord(deliveryRecord, `delivery ${id}`, raw) : null;
}

/** Saves an attempt's outcome; a pending delivery is queued again for its next attempt. */
export async function saveDelivery(ws: string, delivery: Delivery): Promise<void> {
  const store = await kv();
  // Dropped from the log meanwhile (trimmed): nothing to update or retry.
  if ((await store.zscore(keys.log(ws), delivery.id)) === null) return;
  await store.hset(keys.deliveries(ws), { [delivery.id]: JSON.stringify(delivery) });
  if (delivery.status === "pending" && delivery.nextAttemptAt !== null) {
    await store.zadd(keys.due(), {
      score: delivery.nextAttemptAt,
      member: member({ kind: "delivery", ws, id: delivery.id }),
    });
  }
}

/** The workspace's deliveries, newest first. */
export async function listDeliveries(ws: string, limit = 50): Promise<Delivery[]> {
  const store = await kv();
  const ids = await store.zrange(keys.log(ws), { by: "rank", start: 0, stop: limit - 1, rev: true });
  if (ids.length === 0) return [];
  const raw = await store.hmget(keys.deliveries(ws), ids);
  return raw.flatMap((r, i) =>
    r ? skipCorrupt(() => parseJsonRecord(deliveryRecord, `delivery ${ids[i]}`, r), "delivery log") : [],
  );
}

/** Marks `what` as announced for a recording; true only the first time. */
export async function markNotified(ws: string, sessionId: string, what: string): Promise<boolean> {
  const store = await kv();
  const [added] = await store
    .multi()
    .sadd(keys.notified(ws, sessionId), what)
    .pexpire(keys.notified(ws, sessionId), NOTIFIED_TTL_MS)
    .exec<[number, boolean]>();
  return added === 1;
}

export async function wasNotified(ws: string, sessionId: string): Promise<Set<string>> {
  return new Set(await (await kv()).smembers(keys.notified(ws, sessionId)));
}

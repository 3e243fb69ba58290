import { createHash, randomBytes } from "node:crypto";
import { type KvBatch, kv } from "@/lib/storage/kv";

/**
 * Exactly-once ingest: a batch is known by its session and batch id, and remembered with a digest
 * of its content. While a request stores it, the key holds a short lease that the request renews;
 * a process that dies stops renewing, so a retry takes over within LEASE_MS instead of waiting out
 * a long lock. Once stored, the key says "done" with the digest for a day: the same content again
 * is a duplicate (success), other content under the same key is a conflict.
 */

/** How long a claim outlives its last renewal: the time a retry waits after a crash. */
export const LEASE_MS = 2_000;
const RENEW_EVERY_MS = 500;
const DONE_MS = 24 * 3600 * 1000;

/**
 * Hashed, so the mark a stored batch leaves for a day names no session: deleting a recording
 * leaves no key of it, and a late retry of its batches is still a duplicate.
 */
const claimKey = (ws: string, sid: string, bid: string) =>
  `{w:${ws}}:batch:${createHash("sha256").update(`${sid}/${bid}`).digest("base64url").slice(0, 22)}`;

export interface BatchId {
  ws: string;
  sessionId: string;
  batchId: string;
  /** Digest of the batch's content. */
  digest: string;
}

/** A claim held by this request: renewed until released or stored. */
export interface Lease {
  /** False once a renewal found the claim taken over (this process stalled past LEASE_MS). */
  held(): boolean;
  /** Stops renewing (after the batch is stored, or before releasing). */
  stop(): void;
  readonly value: string;
}

export type BatchClaim =
  | { state: "claimed"; lease: Lease }
  | { state: "done" }
  | { state: "busy" }
  | { state: "conflict" };

function renewing(key: string, value: string): Lease {
  let held = true;
  const timer = setInterval(async () => {
    try {
      const store = await kv();
      if ((await store.get(key)) === value) await store.pexpire(key, LEASE_MS);
      else held = false;
    } catch {
      // A store hiccup: the next tick tries again; the lease lasts LEASE_MS meanwhile.
    }
  }, RENEW_EVERY_MS);
  timer.unref?.();
  return { held: () => held, stop: () => clearInterval(timer), value };
}

/** What a claim's SET NX and the GET after it say; null when the claim seen lapsed in between (try again). */
function outcome(
  key: string,
  value: string,
  digest: string,
  set: unknown,
  current: unknown,
): BatchClaim | null {
  if (set) return { state: "claimed", lease: renewing(key, value) };
  if (current === null || current === undefined) return null;
  const [state, seen] = String(current).split(":");
  if (seen !== digest) return { state: "conflict" };
  return { state: state === "done" ? "done" : "busy" };
}

/**
 * Claims a batch for this request: "done" when the same content was stored before (answer as
 * success), "conflict" when other content was sent under the same ids, "busy" while another live
 * request stores it (ask for a retry), else "claimed" with a lease.
 */
export async function claimBatch(id: BatchId): Promise<BatchClaim> {
  const store = await kv();
  const key = claimKey(id.ws, id.sessionId, id.batchId);
  const value = `lock:${id.digest}:${randomBytes(8).toString("hex")}`;
  // Two tries: the claim seen may expire or be released between the SET and the GET.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [set, current] = await store
      .pipeline()
      .set(key, value, { nx: true, px: LEASE_MS })
      .get(key)
      .exec<[unknown, string | null]>();
    const claim = outcome(key, value, id.digest, set, current);
    if (claim) return claim;
  }
  return { state: "busy" };
}

/**
 * The claim queued on a pipeline that carries the request's other reads (lib/ingest: with the
 * session's state), so claiming costs no round trip of its own. The reader takes the pipeline's
 * replies; when it answers null the claim seen lapsed meanwhile and claimBatch decides.
 */
export function queueClaim(b: KvBatch, id: BatchId): (replies: unknown[]) => BatchClaim | null {
  const key = claimKey(id.ws, id.sessionId, id.batchId);
  const value = `lock:${id.digest}:${randomBytes(8).toString("hex")}`;
  const at = b.length;
  b.set(key, value, { nx: true, px: LEASE_MS }).get(key);
  return (replies) => outcome(key, value, id.digest, replies[at], replies[at + 1]);
}

/** Gives a claim up (the batch failed), so a retry may claim it at once. */
export async function releaseBatch(id: BatchId, lease: Lease): Promise<void> {
  lease.stop();
  const store = await kv();
  const key = claimKey(id.ws, id.sessionId, id.batchId);
  if ((await store.get(key)) === lease.value) await store.del(key);
}

/** Marks the batch stored, in the MULTI that stores its indexes. */
export function queueBatchDone(m: KvBatch, id: BatchId): void {
  m.set(claimKey(id.ws, id.sessionId, id.batchId), `done:${id.digest}`, { px: DONE_MS });
}

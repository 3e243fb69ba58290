import { kv } from "@/lib/storage/kv";
import { parseCount } from "./record";

export interface Limit {
  /** A name for what is limited, part of the key. */
  scope: string;
  max: number;
  windowMs: number;
}

export interface Hit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Whether this hit went past the allowance (it is counted all the same). */
  over: boolean;
  /** Seconds until the window ends. */
  retryAfter: number;
}

/** Fixed-window counters per (scope, subject); the keys are this module's alone. */
const key = (limit: Limit, subject: string) => `rl:${limit.scope}:${subject}`;

const seconds = (ttlMs: number, limit: Limit) =>
  Math.max(1, Math.ceil((ttlMs > 0 ? ttlMs : limit.windowMs) / 1000));

/** Seconds until the window of subject ends, when it has used up its allowance; else null. Only reads. */
export async function retryAfter(limit: Limit, subject: string): Promise<number | null> {
  const store = await kv();
  const [count, ttl] = await store
    .pipeline()
    .get(key(limit, subject))
    .pttl(key(limit, subject))
    .exec<[string | null, number]>();
  if (parseCount(`${limit.scope} rate-limit count`, count) < limit.max) return null;
  return seconds(ttl, limit);
}

/**
 * Counts one hit in a fixed window that starts with the first hit. Creating the counter with its
 * expiry and counting are one MULTI on one key (cluster-safe, no script), so no crash can leave a
 * counter that never expires and concurrent callers each see their own count. Callers act on the
 * answer: count first, then decide, never check then count.
 */
export async function hit(limit: Limit, subject: string): Promise<Hit> {
  const store = await kv();
  const k = key(limit, subject);
  const [, count, ttl] = await store
    .multi()
    .set(k, 0, { nx: true, px: limit.windowMs })
    .incrby(k, 1)
    .pttl(k)
    .exec<[unknown, number, number]>();
  // A counter written before expiries were set atomically may have none: give it one.
  if (ttl === -1) await store.pexpire(k, limit.windowMs);
  return { count, over: count > limit.max, retryAfter: seconds(ttl, limit) };
}

/** Gives back one hit, for an attempt that turned out fine (a successful login). */
export async function refund(limit: Limit, subject: string): Promise<void> {
  const store = await kv();
  const k = key(limit, subject);
  const [, ttl] = await store.multi().incrby(k, -1).pttl(k).exec<[number, number]>();
  // The window had ended: the decrement made a fresh counter without expiry, which must not stay.
  if (ttl === -1) await store.del(k);
}

export async function clear(limit: Limit, subject: string): Promise<void> {
  await (await kv()).del(key(limit, subject));
}

import { kv } from "@/lib/storage/kv";

export interface Limit {
  /** A name for what is limited, part of the key. */
  scope: string;
  max: number;
  windowMs: number;
}

const key = (limit: Limit, subject: string) => `rl:${limit.scope}:${subject}`;

/** Seconds until the window of subject ends, when it has used up its allowance; else null. */
export async function retryAfter(limit: Limit, subject: string): Promise<number | null> {
  const store = await kv();
  const [count, ttl] = await store
    .pipeline()
    .get(key(limit, subject))
    .pttl(key(limit, subject))
    .exec<[string | null, number]>();
  if (Number(count ?? 0) < limit.max) return null;
  return Math.max(1, Math.ceil((ttl > 0 ? ttl : limit.windowMs) / 1000));
}

/** Counts one hit in a fixed window; the window starts with the first hit. */
export async function hit(limit: Limit, subject: string): Promise<number> {
  const store = await kv();
  const k = key(limit, subject);
  const [count, ttl] = await store.multi().incrby(k, 1).pttl(k).exec<[number, number]>();
  if (ttl < 0) await store.pexpire(k, limit.windowMs);
  return count;
}

export async function clear(limit: Limit, subject: string): Promise<void> {
  await (await kv()).del(key(limit, subject));
}

import { join } from "node:path";
import { env } from "@/lib/env";
import { createKv, type Kv } from "./client";
import { EmbeddedKv } from "./embedded";
import type { KvDriver } from "./types";

export type { Kv, KvBatch, ScoreBound, ScoredMember, ZRange } from "./client";
export { KvError } from "./types";

/** Picks the driver from the environment: Upstash, then Redis, else the embedded SQLite file. */
export async function createKvFromEnv(): Promise<Kv> {
  const e = env();
  let driver: KvDriver;
  if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) {
    const { UpstashKv } = await import("./upstash");
    driver = new UpstashKv(e.UPSTASH_REDIS_REST_URL, e.UPSTASH_REDIS_REST_TOKEN);
  } else if (e.REDIS_URL) {
    // The protocol's work on a thread of its own where the thread was built (not on Vercel).
    const { redisThreadAvailable, ThreadedRedisKv } = await import("./redis-threaded");
    const { RedisKv } = await import("./redis");
    driver =
      !e.VERCEL && redisThreadAvailable()
        ? new ThreadedRedisKv(e.REDIS_URL, { cluster: e.REDIS_CLUSTER })
        : new RedisKv(e.REDIS_URL, { cluster: e.REDIS_CLUSTER });
  } else {
    driver = new EmbeddedKv(join(e.DATA_DIR, "rewind.db"));
  }
  return createKv(driver);
}

// One client per process, created on first use (never at import, so `next build` needs no store).
const holder = globalThis as unknown as { __rewindKv?: Promise<Kv> };

export function kv(): Promise<Kv> {
  // A store that failed to open is tried again on the next call, not kept failed for the process's life.
  holder.__rewindKv ??= createKvFromEnv().catch((error: unknown) => {
    holder.__rewindKv = undefined;
    throw error;
  });
  return holder.__rewindKv;
}

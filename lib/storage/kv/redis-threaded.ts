import { existsSync } from "node:fs";
import { join } from "node:path";
import { ThreadKv } from "./thread-client";
import type { KvDriver } from "./types";

/** Where `npm run build` (scripts/build-worker.mjs) puts the Redis thread; the app runs from the project root. */
export const REDIS_WORKER_FILE = join(process.cwd(), "dist", "redis-worker.mjs");

/** Whether the Redis thread was built here (not on Vercel, whose functions ship no worker file). */
export const redisThreadAvailable = (): boolean => existsSync(REDIS_WORKER_FILE);

/**
 * Redis (or a Redis Cluster) through ioredis on a thread of its own (./redis-thread.ts): the same
 * commands and replies as ./redis.ts, but the protocol work — a Command object, a promise and an
 * encoding per command, a QUEUED reply parsed per command of a MULTI — leaves the server's event
 * loop, which only posts the batch and reads its replies (docs/ARCHITECTURE.md §2, §10 session 13).
 */
export class ThreadedRedisKv extends ThreadKv implements KvDriver {
  readonly name = "redis" as const;
  readonly location: string;

  constructor(url: string, options: { cluster?: boolean } = {}) {
    super(REDIS_WORKER_FILE, { url, cluster: !!options.cluster });
    const parsed = new URL(url);
    this.location = `${parsed.protocol}//${parsed.hostname}:${parsed.port || "6379"}${options.cluster ? " (cluster)" : ""}`;
    this.start();
  }
}

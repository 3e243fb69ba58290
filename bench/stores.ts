import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resetEnvCache } from "../lib/env";
import { hasRedisServer, type RunningRedis, startRedisServer } from "../tests/helpers/redis-server";

/**
 * Runs a benchmark on the embedded store and then on Redis (REDIS_URL, else a private
 * redis-server), each with a fresh data folder and store connection; returns all rows.
 */
export async function onEachStore(
  sizes: { embedded: number; redis: number },
  run: (store: "embedded" | "redis", size: number) => Promise<string[][]>,
  /** Keep the embedded store's data here (and reuse what a previous run left). */
  keepEmbedded?: string,
): Promise<string[][]> {
  const all: string[][] = [];
  const givenRedis = process.env.REDIS_URL;
  delete process.env.REDIS_URL;
  if (sizes.embedded > 0) all.push(...(await fresh(() => run("embedded", sizes.embedded), keepEmbedded)));
  const redis: RunningRedis | undefined =
    sizes.redis > 0 && !givenRedis && hasRedisServer() ? await startRedisServer() : undefined;
  const redisUrl = givenRedis ?? redis?.url;
  if (redisUrl && sizes.redis > 0) {
    process.env.REDIS_URL = redisUrl;
    all.push(...(await fresh(() => run("redis", sizes.redis))));
  }
  await redis?.stop();
  return all;
}

async function fresh(run: () => Promise<string[][]>, keep?: string): Promise<string[][]> {
  if (keep) mkdirSync(keep, { recursive: true });
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), "rewind-bench-"));
  process.env.DATA_DIR = dataDir;
  resetEnvCache();
  try {
    return await run();
  } finally {
    const { kv } = await import("../lib/storage/kv");
    await (await kv()).close();
    (globalThis as { __rewindKv?: unknown }).__rewindKv = undefined;
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { hasRedisServer, type RunningRedis, startRedisServer } from "./helpers/redis-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** A real Redis for the redis and upstash suites, or null when none can be had locally. */
    redisUrl: string | null;
  }
}

let started: RunningRedis | undefined;

/** Gives every suite one real Redis: REDIS_URL when set, else a redis-server started here. */
export async function setup(project: TestProject): Promise<void> {
  // Ingest runs its CPU-heavy steps on worker threads loaded from this bundle (lib/ingest/pool.ts).
  execFileSync(process.execPath, ["scripts/build-worker.mjs"], { stdio: "inherit" });
  let url = process.env.REDIS_URL ?? null;
  if (!url && hasRedisServer()) {
    started = await startRedisServer();
    url = started.url;
  }
  if (!url && process.env.CI) {
    throw new Error(
      "CI needs a real Redis: set REDIS_URL or install redis-server (apt-get install -y redis-server).",
    );
  }
  if (!url) console.warn("[tests] no redis-server found: the redis and upstash suites are skipped locally.");
  project.provide("redisUrl", url);
}

export async function teardown(): Promise<void> {
  await started?.stop();
}

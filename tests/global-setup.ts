import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { type RunningCluster, startRedisCluster } from "./helpers/redis-cluster";
import { hasRedisServer, type RunningRedis, startRedisServer } from "./helpers/redis-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** A real Redis for the redis and upstash suites, or null when none can be had locally. */
    redisUrl: string | null;
    /** A seed node of a real Redis Cluster (3 masters) for the cluster suites, or null. */
    redisClusterUrl: string | null;
  }
}

let started: RunningRedis | undefined;
let cluster: RunningCluster | undefined;

/**
 * Gives every suite one real Redis (REDIS_URL, else a redis-server started here) and one real
 * Redis Cluster (REDIS_CLUSTER_URL, else three cluster-enabled redis-servers started here).
 */
export async function setup(project: TestProject): Promise<void> {
  // Ingest runs its CPU-heavy steps on worker threads loaded from this bundle (lib/ingest/pool.ts).
  execFileSync(process.execPath, ["scripts/build-worker.mjs"], { stdio: "inherit" });
  let url = process.env.REDIS_URL ?? null;
  let clusterUrl = process.env.REDIS_CLUSTER_URL ?? null;
  const local = hasRedisServer();
  if (!url && local) {
    started = await startRedisServer();
    url = started.url;
  }
  if (!clusterUrl && local) {
    cluster = await startRedisCluster();
    clusterUrl = cluster.url;
  }
  if ((!url || !clusterUrl) && process.env.CI) {
    throw new Error(
      "CI needs a real Redis and a Redis Cluster: set REDIS_URL and REDIS_CLUSTER_URL or install redis-server (apt-get install -y redis-server).",
    );
  }
  if (!url)
    console.warn("[tests] no redis-server found: the redis, cluster and upstash suites are skipped locally.");
  project.provide("redisUrl", url);
  project.provide("redisClusterUrl", clusterUrl);
}

export async function teardown(): Promise<void> {
  await Promise.all([started?.stop(), cluster?.stop()]);
}

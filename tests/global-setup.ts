import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { type RunningCluster, startRedisCluster } from "./helpers/redis-cluster";
import { hasRedisServer, type RunningRedis, startRedisServer } from "./helpers/redis-server";
import { type RunningS3, type S3Endpoint, startS3Server } from "./helpers/s3-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** A real Redis for the redis and upstash suites, or null when none can be had locally. */
    redisUrl: string | null;
    /** A seed node of a real Redis Cluster (3 masters) for the cluster suites, or null. */
    redisClusterUrl: string | null;
    /** An S3-compatible server for the s3 suites: S3_TEST_ENDPOINT when set, else s3rver started here. */
    s3: S3Endpoint;
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
  project.provide("s3", await s3Endpoint());
}

// --- S3-compatible store (separate from the Redis setup above) ---

let startedS3: RunningS3 | undefined;

/** A real S3 service (e.g. MinIO) when S3_TEST_ENDPOINT is set, else s3rver in this process. */
async function s3Endpoint(): Promise<S3Endpoint> {
  const endpoint = process.env.S3_TEST_ENDPOINT;
  if (endpoint) {
    return {
      endpoint,
      accessKeyId: process.env.S3_TEST_ACCESS_KEY_ID ?? "",
      secretAccessKey: process.env.S3_TEST_SECRET_ACCESS_KEY ?? "",
    };
  }
  startedS3 = await startS3Server();
  const { stop: _, ...served } = startedS3;
  return served;
}

export async function teardown(): Promise<void> {
  await Promise.all([started?.stop(), cluster?.stop(), startedS3?.stop()]);
}

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { resetEnvCache } from "@/lib/env";

/**
 * Points the app's stores at a fresh embedded database and blob folder for this test file.
 * Call before the first kv()/blob() use; each test file runs in its own process. In the
 * "cluster" test project (vitest.config.ts) the KV is the test run's Redis Cluster instead, so
 * the same suites prove the app on a cluster.
 */
export function useTempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rewind-data-"));
  process.env.DATA_DIR = dir;
  delete process.env.REDIS_URL;
  delete process.env.REDIS_CLUSTER;
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
  delete process.env.BLOB_READ_WRITE_TOKEN;
  for (const name of ["S3_BUCKET", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"])
    delete process.env[name];
  if (process.env.REWIND_TEST_KV === "cluster") pointKvAtCluster();
  resetEnvCache();
  return dir;
}

/** Points the app's KV at the test run's Redis Cluster (tests/global-setup.ts starts one). */
export function pointKvAtCluster(): void {
  const url = inject("redisClusterUrl");
  if (!url) throw new Error("No Redis Cluster for this run: set REDIS_CLUSTER_URL or install redis-server.");
  process.env.REDIS_URL = url;
  process.env.REDIS_CLUSTER = "1";
  resetEnvCache();
}

/** A fresh data folder with the app's KV on the test run's single Redis (tests/global-setup.ts starts one). */
export function useTempDataDirOnRedis(): void {
  const url = inject("redisUrl");
  if (!url) throw new Error("No Redis for this run: install redis-server or set REDIS_TEST_URL.");
  useTempDataDir();
  process.env.REDIS_URL = url;
  resetEnvCache();
}

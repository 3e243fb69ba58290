import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resetEnvCache } from "@/lib/env";

/**
 * Points the app's stores at a fresh embedded database and blob folder for this test file.
 * Call before the first kv()/blob() use; each test file runs in its own process.
 */
export function useTempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rewind-data-"));
  process.env.DATA_DIR = dir;
  delete process.env.REDIS_URL;
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
  delete process.env.BLOB_READ_WRITE_TOKEN;
  for (const name of ["S3_BUCKET", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"])
    delete process.env[name];
  resetEnvCache();
  return dir;
}

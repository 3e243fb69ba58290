#!/usr/bin/env node
// Bundles the app's worker threads: the ingest worker (lib/ingest/worker.ts → dist/ingest-worker.mjs)
// the embedded KV thread (lib/storage/kv/embedded-thread.ts → dist/kv-worker.mjs) and the Redis
// thread (lib/storage/kv/redis-thread.ts → dist/redis-worker.mjs). Next bundles
// route handlers into chunks with generated names, so a worker file must be shipped beside them.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const WORKER_FILE = join(root, "dist", "ingest-worker.mjs");
export const KV_WORKER_FILE = join(root, "dist", "kv-worker.mjs");
export const REDIS_WORKER_FILE = join(root, "dist", "redis-worker.mjs");

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: join(root, "tsconfig.json"),
  logLevel: "warning",
};
await Promise.all([
  build({ ...common, entryPoints: [join(root, "lib", "ingest", "worker.ts")], outfile: WORKER_FILE }),
  // libsql is a native addon: loaded from node_modules at run time, never bundled.
  build({
    ...common,
    entryPoints: [join(root, "lib", "storage", "kv", "embedded-thread.ts")],
    outfile: KV_WORKER_FILE,
    external: ["libsql"],
  }),
  // ioredis is plain JS: bundled, so the thread needs nothing from node_modules at run time. It is
  // CommonJS and requires node's modules, which an ES module bundle can only do through a require.
  build({
    ...common,
    entryPoints: [join(root, "lib", "storage", "kv", "redis-thread.ts")],
    outfile: REDIS_WORKER_FILE,
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    },
  }),
]);

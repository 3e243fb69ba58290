#!/usr/bin/env node
// Bundles the ingest worker thread (lib/ingest/worker.ts) into dist/ingest-worker.mjs: Next bundles
// route handlers into chunks with generated names, so a worker file must be shipped beside them.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const WORKER_FILE = join(root, "dist", "ingest-worker.mjs");

await build({
  entryPoints: [join(root, "lib", "ingest", "worker.ts")],
  outfile: WORKER_FILE,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: join(root, "tsconfig.json"),
  logLevel: "warning",
});

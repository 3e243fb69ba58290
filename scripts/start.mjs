#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last build, then serve.
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const buildId = join(root, ".next", "BUILD_ID");
const sources = [
  "app",
  "components",
  "lib",
  "sdk/src",
  "sdk/build.mjs",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
  "postcss.config.mjs",
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(buildId)) return "no build yet";
  if (!existsSync(join(root, "public", "sdk", "loader.js"))) return "the SDK is not built";
  if (!existsSync(join(root, "dist", "ingest-worker.mjs"))) return "the ingest worker is not built";
  if (!existsSync(join(root, "dist", "kv-worker.mjs"))) return "the KV thread is not built";
  const built = statSync(buildId).mtimeMs;
  const changed = sources.find((s) => newestMtime(join(root, s)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

// No telemetry calls home from a self-hosted box unless the operator opts in.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

// The Docker image holds Next's standalone output (server.js next to the files it needs), built
// once in the image: nothing to build, and server.js serves instead of `next start`.
const standalone = existsSync(join(root, "server.js"));

// `--no-build` serves the build there is (the e2e helpers build once, under a lock, before starting
// several servers: one that rebuilt on its own would pull the build from under the others).
const reason = standalone || process.argv.includes("--no-build") ? null : needsBuild();
if (reason) {
  console.log(`[rewind] building (${reason})…`);
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
if (process.argv.includes("--build-only")) process.exit(0);

/** WEB_CONCURRENCY server processes (default: one per core), checked here as this script is plain JS. */
function processCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim();
  if (!raw) return availableParallelism();
  if (!/^[1-9]\d{0,2}$/.test(raw)) {
    console.error(
      `[rewind] Invalid environment:\n  - WEB_CONCURRENCY: must be a whole number of processes from 1 to 999 (got "${raw}")`,
    );
    process.exit(1);
  }
  return Number(raw);
}

const count = processCount();
// The app sizes its ingest worker pool by it (lib/ingest/pool.ts).
process.env.WEB_CONCURRENCY = String(count);
const port = process.env.PORT ?? "3000";
// Loopback by default; set HOST=0.0.0.0 to serve other machines (behind your proxy).
const host = process.env.HOST ?? "127.0.0.1";
// Several server processes on one port: node:cluster hands each connection to one of them.
// They share DATA_DIR; docs/ARCHITECTURE.md §9 says what that asks of the stores and caches.
process.chdir(root);
// Each process warms its ingest route with a request to itself once it listens (lib/ingest/warm-route.ts).
process.env.REWIND_SERVER_URL ??= `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`;
// In the image, Next's standalone server.js serves (it reads PORT and HOSTNAME); else scripts/serve.mjs:
// Next's request handler behind our own node:http server, which answers ingest's batches without
// Next's router (scripts/ingest-layer.mjs; docs/ARCHITECTURE.md §4, §9).
process.env.PORT = port;
if (standalone) {
  process.env.HOSTNAME = host;
  cluster.setupPrimary({ exec: join(root, "server.js"), args: [] });
} else {
  process.env.HOST = host;
  cluster.setupPrimary({ exec: join(root, "scripts", "serve.mjs"), args: [] });
}
for (let i = 0; i < count; i++) cluster.fork();
cluster.on("listening", (worker) => console.log(`[rewind] process ${worker.process.pid} serving`));

let stopping = false;
function stopAll(signal) {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stopAll(signal));
// One process dying takes the others down, so a supervisor sees the failure and restarts them all.
cluster.on("exit", (worker, code, signal) => {
  if (!stopping) {
    console.error(`[rewind] process ${worker.process.pid} exited (${signal ?? code}); stopping the others`);
    stopAll("SIGTERM");
  }
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code ?? (signal ? 1 : 0));
});

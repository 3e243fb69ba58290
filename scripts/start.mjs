#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last build, then serve.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
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
  const built = statSync(buildId).mtimeMs;
  const changed = sources.find((s) => newestMtime(join(root, s)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

// No telemetry calls home from a self-hosted box unless the operator opts in.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

// The Docker image holds Next's standalone output (server.js next to the files it needs), built
// once in the image: nothing to build, and server.js serves instead of `next start`.
const standalone = existsSync(join(root, "server.js"));

const reason = standalone ? null : needsBuild();
if (reason) {
  console.log(`[rewind] building (${reason})…`);
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
if (process.argv.includes("--build-only")) process.exit(0);

const port = process.env.PORT ?? "3000";
// Loopback by default; set HOST=0.0.0.0 to serve other machines (behind your proxy).
const host = process.env.HOST ?? "127.0.0.1";
const next = join(root, "node_modules", "next", "dist", "bin", "next");
const server = standalone
  ? spawn(process.execPath, [join(root, "server.js")], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, PORT: port, HOSTNAME: host },
    })
  : spawn(process.execPath, [next, "start", "-p", port, "-H", host], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

#!/usr/bin/env node
// Assembles the tree the Docker image runs from a finished build: Next's standalone output
// (server.js and only the node_modules files it uses), the static assets and public/ (with the
// built SDK) that Next leaves out of it, and scripts/start.mjs, the image's start command.
// Usage: node scripts/standalone.mjs <destination>   (after `npm run build`)
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const destination = process.argv[2] && resolve(process.argv[2]);
if (!destination) {
  console.error("usage: node scripts/standalone.mjs <destination>");
  process.exit(2);
}
const from = (...parts) => join(root, ...parts);
for (const needed of [from(".next", "standalone", "server.js"), from("public", "sdk", "loader.js")]) {
  if (!existsSync(needed)) {
    console.error(`[rewind] ${needed} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}

rmSync(destination, { recursive: true, force: true });
mkdirSync(destination, { recursive: true });
const copy = (source, target) => cpSync(source, target, { recursive: true, verbatimSymlinks: true });
copy(from(".next", "standalone"), destination);
copy(from(".next", "static"), join(destination, ".next", "static"));
copy(from("public"), join(destination, "public"));
copy(from("scripts", "start.mjs"), join(destination, "scripts", "start.mjs"));
// The ingest worker and the KV threads (embedded, Redis) are bundled outside Next's output
// (scripts/build-worker.mjs); they are loaded from dist/ under the folder the server runs in.
copy(from("dist", "ingest-worker.mjs"), join(destination, "dist", "ingest-worker.mjs"));
copy(from("dist", "kv-worker.mjs"), join(destination, "dist", "kv-worker.mjs"));
copy(from("dist", "redis-worker.mjs"), join(destination, "dist", "redis-worker.mjs"));
console.log(`[rewind] standalone app in ${destination}: start it with node scripts/start.mjs`);

#!/usr/bin/env node
// The physical floor for bench/ingest.ts: a plain Node HTTP server that inflates, parses and writes
// each body to a file, nothing else. Usage: node bench/floor-server.mjs <port> <folder> [processes]
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const [port, folder, processes = "1"] = process.argv.slice(2);
if (cluster.isPrimary && Number(processes) > 1) {
  for (let i = 0; i < Number(processes); i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    process.exit(0);
  });
} else {
  createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      try {
        const text = (body[0] === 0x1f ? gunzipSync(body) : body).toString("utf8");
        JSON.parse(text);
        await writeFile(join(folder, `${randomUUID()}.json.gz`), body);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      } catch {
        res.writeHead(400).end();
      }
    });
  }).listen(Number(port), "127.0.0.1");
}

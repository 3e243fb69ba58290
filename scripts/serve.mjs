// One server process of `npm start` (scripts/start.mjs forks it as a cluster worker): Next's request
// handler behind a node:http server of our own, which answers ingest's batches itself
// (scripts/ingest-layer.mjs) and hands every other request to Next. Reads PORT and HOST.
import { createServer } from "node:http";
import { join } from "node:path";
import { ingestLayer } from "./ingest-layer.mjs";

process.env.NODE_ENV = "production";
const root = join(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? "3000");
const host = process.env.HOST ?? "127.0.0.1";

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();
const ingest = ingestLayer(root);

createServer((req, res) => {
  if (!ingest(req, res)) handle(req, res);
}).listen(port, host, () => console.log(`[rewind] ready on http://${host}:${port}`));

// Stopped by the primary (scripts/start.mjs) or a supervisor: exit cleanly, as `next start` does, so
// exit hooks run (a `--cpu-prof` profile is written then; a signal's default would skip them).
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));

// bench/next-overhead: what Next's request handling costs a server process per request, apart from
// any app work, and what serving ingest from node:http in front of Next (scripts/serve.mjs,
// scripts/ingest-layer.mjs) saves. Three servers on the built app's code: a plain node:http server
// answering 204; `next start` (every request through Next); scripts/serve.mjs (ingest through the
// layer, the rest through Next). Each gets the ingest preflight (`OPTIONS /api/v1/ingest`: constant
// headers, no store, no body) and the ingest route's 401 (an unknown key: the wrapper runs, nothing is
// stored). Main-thread CPU per request from /proc (10 ms ticks), which the box's load hardly moves.
// Usage: npx tsx bench/next-overhead.ts [--requests 4000 --concurrency 16]
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureBuilt } from "../e2e/helpers/app";
import { freePort } from "../tests/helpers/redis-server";
import { serverCpu } from "./server-process";
import { printTable } from "./table";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "4000" }, concurrency: { type: "string", default: "16" } },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const root = join(import.meta.dirname, "..");

const PLAIN_SERVER = `
require("node:http").createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(204, { "access-control-allow-origin": "*" }).end());
}).listen(Number(process.argv[1]), "127.0.0.1");`;

/** A server process on a free port, once it answers. */
async function server(
  args: (port: number) => string[],
  dataDir: string,
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, args(port), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      RETENTION_SCHEDULER: "off",
      WEB_CONCURRENCY: "1",
      REDIS_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      )
    )
      return { port, child };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Main-thread CPU ms per request and requests/s for `REQUESTS` requests, `CONCURRENCY` in flight. */
async function measure(port: number, pid: number, path: string, init: RequestInit) {
  const send = () => fetch(`http://127.0.0.1:${port}${path}`, init).then((r) => r.arrayBuffer());
  for (let i = 0; i < 200; i++) await send(); // warm-up
  const before = serverCpu([pid]);
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) await send();
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  const after = serverCpu([pid]);
  return { cpu: (after.main - before.main) / REQUESTS, perSecond: REQUESTS / seconds };
}

const preflight: RequestInit = {
  method: "OPTIONS",
  headers: { origin: "https://shop.example", "access-control-request-method": "POST" },
};
const unknownKey: RequestInit = { method: "POST", body: "{}", headers: { "content-type": "text/plain" } };

await ensureBuilt();
const dataDir = mkdtempSync(join(tmpdir(), "rewind-next-overhead-"));
const servers = {
  "plain node:http": await server((port) => ["-e", PLAIN_SERVER, String(port)], dataDir),
  "next start": await server(
    (port) => [join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)],
    join(dataDir, "next"),
  ),
  "scripts/serve.mjs": await server(() => [join(root, "scripts", "serve.mjs")], join(dataDir, "layer")),
};
const rows: string[][] = [];
for (let round = 0; round < 2; round++) {
  for (const [name, s] of Object.entries(servers)) {
    const options = await measure(s.port, s.child.pid!, "/api/v1/ingest", preflight);
    rows.push([String(round + 1), name, "OPTIONS 204", options.cpu.toFixed(3), options.perSecond.toFixed(0)]);
    if (name === "plain node:http") continue;
    const refused = await measure(s.port, s.child.pid!, "/api/v1/ingest?k=pk_nobody", unknownKey);
    rows.push([String(round + 1), name, "POST 401", refused.cpu.toFixed(3), refused.perSecond.toFixed(0)]);
  }
}
printTable(["round", "server", "request", "main CPU ms/request", "requests/s"], rows);
console.log(`load average ${loadavg()[0]!.toFixed(1)}`);
for (const s of Object.values(servers)) s.child.kill();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

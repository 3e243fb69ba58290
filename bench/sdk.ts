// bench/sdk: how small and how light the SDK is. Gzip sizes of our loader and recorder next to
// @rrweb/record alone, then the Total Blocking Time and JS heap the SDK adds to a 1,000-row page
// and a ~50k-node page in Chromium (medians of N runs, SDK off vs on).
// Usage: npm run bench:sdk [-- --runs 10]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { launchChromium } from "../e2e/helpers/browser";
import { DEFAULT_SETTINGS } from "../lib/data/settings";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const RUNS = Number(values.runs);
const root = join(import.meta.dirname, "..");
const gz = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length / 1024;

execFileSync(process.execPath, [join(root, "sdk/build.mjs")], { cwd: root, stdio: "ignore" });
const loader = readFileSync(join(root, "public/sdk/loader.js"));
const recorder = readFileSync(join(root, "public/sdk/recorder.js"));
const tmp = mkdtempSync(join(tmpdir(), "rewind-bench-sdk-"));
writeFileSync(join(tmp, "entry.js"), 'import { record } from "@rrweb/record"; window.__record = record;');
await build({
  entryPoints: [join(tmp, "entry.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: join(tmp, "rrweb.js"),
  nodePaths: [join(root, "node_modules")],
  logLevel: "silent",
});
const rrwebAlone = readFileSync(join(tmp, "rrweb.js"));
rmSync(tmp, { recursive: true, force: true });

console.log("sizes (gzip -9)");
console.log(
  `  loader.js                 ${gz(loader).toFixed(2)} KB   (budget 5 KB; all an unsampled visit downloads)`,
);
console.log(`  recorder.js               ${gz(recorder).toFixed(2)} KB   (budget 30 KB)`);
console.log(`  @rrweb/record alone       ${gz(rrwebAlone).toFixed(2)} KB   (minified the same way)`);
console.log(
  `  ours on top of rrweb      ${(gz(recorder) - gz(rrwebAlone)).toFixed(2)} KB   (masking, sessions, transport, capture)\n`,
);

const rows = Array.from(
  { length: 1000 },
  (_, i) =>
    `<tr><td>${i}</td><td>Customer ${i}</td><td><input value="v${i}"></td><td>${(i * 37) % 1000}</td></tr>`,
).join("");
const deep = Array.from(
  { length: 5000 },
  (_, i) =>
    `<div class="c"><span>item ${i}</span><ul><li>a</li><li>b</li><li>c</li></ul><p>text <b>${i}</b></p></div>`,
).join("");
const page = (body: string, sdk: boolean) =>
  `<!doctype html><html><head><title>bench</title>${sdk ? '<script src="/sdk/loader.js" data-key="pk_benchbenchbench" async></script>' : ""}</head><body>${body}</body></html>`;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/sdk/loader.js")
    return res.writeHead(200, { "content-type": "text/javascript" }).end(loader);
  if (url.pathname === "/sdk/recorder.js")
    return res.writeHead(200, { "content-type": "text/javascript" }).end(recorder);
  if (url.pathname === "/api/v1/config") {
    return res.writeHead(200, { "content-type": "application/json" }).end(
      // What a new workspace's remote config says: recording on, inputs masked, no console or network.
      JSON.stringify(DEFAULT_SETTINGS),
    );
  }
  if (url.pathname === "/api/v1/ingest") {
    req.resume();
    return req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
  }
  const sdk = url.searchParams.get("sdk") === "1";
  if (url.pathname === "/rows")
    return res.writeHead(200, { "content-type": "text/html" }).end(page(`<table>${rows}</table>`, sdk));
  if (url.pathname === "/deep")
    return res.writeHead(200, { "content-type": "text/html" }).end(page(deep, sdk));
  res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();

async function measure(path: string, sdk: boolean) {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.addInitScript(() => {
    const w = window as unknown as { __tbt: number };
    w.__tbt = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__tbt += Math.max(0, e.duration - 50);
    }).observe({ type: "longtask", buffered: true });
  });
  await p.goto(`${base}${path}?sdk=${sdk ? 1 : 0}`, { waitUntil: "load" });
  if (sdk)
    await p.waitForFunction(() =>
      (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
    );
  await p.mouse.move(200, 200, { steps: 10 });
  await p.waitForTimeout(1500);
  const cdp = await context.newCDPSession(p);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 1024 / 1024;
  const tbt = await p.evaluate(() => (window as unknown as { __tbt: number }).__tbt);
  await context.close();
  return { tbt, heap };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`runtime cost in Chromium, medians of ${RUNS} runs`);
console.log("page                 TBT off ms  TBT on ms  added ms   heap off MB  heap on MB  added MB");
for (const [name, path] of [
  ["1,000-row table", "/rows"],
  ["~50k-node page", "/deep"],
] as const) {
  const off: { tbt: number; heap: number }[] = [];
  const on: { tbt: number; heap: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    off.push(await measure(path, false));
    on.push(await measure(path, true));
  }
  const [t0, t1, h0, h1] = [
    median(off.map((r) => r.tbt)),
    median(on.map((r) => r.tbt)),
    median(off.map((r) => r.heap)),
    median(on.map((r) => r.heap)),
  ];
  console.log(
    `${name.padEnd(20)} ${t0.toFixed(0).padStart(10)} ${t1.toFixed(0).padStart(10)} ${(t1 - t0).toFixed(0).padStart(9)} ${h0.toFixed(1).padStart(13)} ${h1.toFixed(1).padStart(11)} ${(h1 - h0).toFixed(1).padStart(9)}`,
  );
}
await browser.close();
server.close();

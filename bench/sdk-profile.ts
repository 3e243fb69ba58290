// bench/sdk-profile: where a recorder's main-thread time goes on bench:sdk's page (a), the table
// that grows by 500 rows every 300 ms six times. Builds recorder.js and bare @rrweb/record without
// minification (names readable in the profile), serves the page with one arm, records a V8 CPU
// profile through CDP over the bursts and prints the long tasks, the self time per function and
// the inclusive time of the steps a burst goes through (rrweb's mutation processing, serialization,
// our masking, scrub and sizing, batching, compression).
// With --page deep: bench:sdk's page (b), ~50k nodes, the recorder started after the page loaded and
// the profile covering its start, full snapshot and upload; each busy stretch of the main thread
// ≥ 50 ms (a long task, as the profile sees it) is printed with the functions it spent its time in.
// Usage: npx tsx bench/sdk-profile.ts [--arm rewind|rrweb] [--runs 3] [--page rows|deep]
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { launchChromium } from "../e2e/helpers/browser";
import { DEFAULT_SETTINGS } from "../lib/data/settings";
// @ts-expect-error: an .mjs build helper without types
import { rrwebSlim } from "../sdk/rrweb-slim.mjs";
import { longTaskEntries, longTasksOf, watchLongTasks } from "./long-tasks";

const { values } = parseArgs({
  options: {
    arm: { type: "string", default: "rewind" },
    runs: { type: "string", default: "3" },
    page: { type: "string", default: "rows" },
    // ms between the recorder being ready and the profile's start: 0 covers the first snapshot too.
    settle: { type: "string", default: "2500" },
  },
});
const root = join(import.meta.dirname, "..");
const arm = values.arm === "rrweb" ? "rrweb" : "rewind";
const deepPage = values.page === "deep";

async function bundle(entry: { path?: string; source?: string }, plugins: unknown[] = []): Promise<string> {
  const result = await build({
    ...(entry.path
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.source!, resolveDir: root, loader: "js" as const } }),
    bundle: true,
    minify: false,
    format: "iife",
    target: "es2020",
    write: false,
    logLevel: "silent",
    plugins: plugins as never,
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  });
  return result.outputFiles[0]!.text;
}
const loader = readFileSync(join(root, "public/sdk/loader.js"), "utf8");
const recorder = await bundle({ path: join(root, "sdk/src/recorder-entry.ts") }, [rrwebSlim]);
const rrweb = await bundle({ source: 'import { record } from "@rrweb/record"; window.__record = record;' });

const rows = (from: number, n: number) =>
  Array.from(
    { length: n },
    (_, k) =>
      `<tr><td>${from + k}</td><td>Customer ${from + k}</td><td><input value="v${from + k}"></td><td>${((from + k) * 37) % 1000}</td></tr>`,
  ).join("");
const head =
  arm === "rewind"
    ? `<script src="/sdk/loader.js" data-key="pk_benchbenchbench" async></script><script>window.__ready = () => Boolean(window.rewind && window.rewind.getSessionId && window.rewind.getSessionId())</script>`
    : `<script src="/peer/rrweb.js"></script><script>window.__events = []; window.__record({ emit: (e) => window.__events.push(e), maskAllInputs: true }); window.__ready = () => true</script>`;
const deep = Array.from(
  { length: 5000 },
  (_, i) =>
    `<div class="c"><span>item ${i}</span><ul><li>a</li><li>b</li><li>c</li></ul><p>text <b>${i}</b></p></div>`,
).join("");
// Page (b): the recorder starts when __work() adds its script, after the page's own parse and layout.
const start =
  arm === "rewind"
    ? `const s = document.createElement("script"); s.src = "/sdk/loader.js"; s.dataset.key = "pk_benchbenchbench"; document.head.append(s);`
    : `const s = document.createElement("script"); s.src = "/peer/rrweb.js"; s.onload = () => window.__record({ emit: (e) => window.__events.push(e), maskAllInputs: true }); document.head.append(s);`;
const deepHtml = `<!doctype html><html><head><title>bench</title><script>window.__events = []; window.__ready = () => true;
window.__work = () => { ${start} return Promise.resolve() }</script></head><body>${deep}</body></html>`;
const page = deepPage
  ? deepHtml
  : `<!doctype html><html><head><title>bench</title>${head}</head><body><table><tbody id="t">${rows(0, 1000)}</tbody></table>
<script>window.__work = () => new Promise((done) => { let n = 0; const t = setInterval(() => {
  const html = []; for (let k = 0; k < 500; k++) { const i = 1000 + n * 500 + k;
    html.push('<tr><td>' + i + '</td><td>Customer ' + i + '</td><td><input value="v' + i + '"></td><td>' + (i * 37) % 1000 + '</td></tr>'); }
  document.getElementById("t").insertAdjacentHTML("beforeend", html.join(""));
  if (++n === 6) { clearInterval(t); done(); } }, 300); })</script></body></html>`;

let uploaded = 0;
const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const js = { "content-type": "text/javascript" };
  if (path === "/sdk/loader.js") return res.writeHead(200, js).end(loader);
  if (path === "/sdk/recorder.js") return res.writeHead(200, js).end(recorder);
  if (path === "/peer/rrweb.js") return res.writeHead(200, js).end(rrweb);
  if (path === "/api/v1/config")
    return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(DEFAULT_SETTINGS));
  if (req.method === "POST") {
    req.on("data", (c: Buffer) => {
      uploaded += c.length;
    });
    return req.on("end", () => res.writeHead(200).end("{}"));
  }
  if (path === "/page") return res.writeHead(200, { "content-type": "text/html" }).end(page);
  res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const tasks: number[] = [];
let total = 0;
const RUNS = Number(values.runs);
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext();
  const p = await context.newPage();
  p.setDefaultTimeout(120_000);
  await watchLongTasks(p);
  await p.goto(`${base}/page`, { waitUntil: "load" });
  await p.waitForFunction(() => (window as unknown as { __ready(): boolean }).__ready());
  // By default past the first snapshot (and its upload): the profile covers the bursts only.
  await p.waitForTimeout(Number(values.settle));
  const before = (await longTasksOf(p)).length;
  const cdp = await context.newCDPSession(p);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  // A marker at a known performance.now(): where it shows in the profile puts the page's long
  // task entries on the profile's clock.
  // (A string: tsx would wrap a named inner function in a helper the page does not have.)
  const markAt = (await p.evaluate(
    "(() => { const at = performance.now(); function __profileMark() { while (performance.now() - at < 3); } __profileMark(); return at })()",
  )) as number;
  const sentBefore = uploaded;
  await p.evaluate(() => (window as unknown as { __work(): Promise<void> }).__work());
  if (deepPage && arm === "rewind") {
    // Until the full snapshot was uploaded (it is taken in slices, then serialized and gzipped).
    const until = Date.now() + 60_000;
    while (uploaded === sentBefore && Date.now() < until) await p.waitForTimeout(100);
  } else if (deepPage) await p.waitForTimeout(3000);
  await p.waitForTimeout(1500);
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
    profile: Profile & { startTime: number };
  };
  const long = await longTasksOf(p);
  const entries = await longTaskEntries(p);
  tasks.push(...long.slice(before).map(Math.round));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  if (deepPage || values.settle === "0")
    printTaskContents(profile, byId, parent, markAt, entries.slice(before));
  const name = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*\//, "")}:${n.callFrame.lineNumber + 1}`;
  profile.samples.forEach((id, k) => {
    const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === "(idle)") return;
    total += dt;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = byId.get(at)!.callFrame.functionName;
      if (key && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
      }
    }
  });
  await context.close();
}
await browser.close();
server.close();

/** Each long task of the page with the functions (inclusive, top 8) its profile samples fell in. */
function printTaskContents(
  profile: Profile & { startTime: number },
  byId: Map<number, ProfileNode>,
  parent: Map<number, number>,
  markAt: number,
  entries: { start: number; ms: number }[],
): void {
  let t = profile.startTime / 1000;
  const times = profile.samples.map((_, k) => {
    t += (profile.timeDeltas[k] ?? 0) / 1000;
    return t;
  });
  const markIndex = profile.samples.findIndex((id) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      if (byId.get(at)!.callFrame.functionName === "__profileMark") return true;
    return false;
  });
  if (markIndex < 0) {
    console.log("  (the profile marker was not sampled: no per-task breakdown)");
    return;
  }
  const offset = times[markIndex]! - markAt;
  for (const task of entries) {
    const within = new Map<string, number>();
    profile.samples.forEach((id, k) => {
      const at = times[k]! - offset;
      if (at < task.start || at > task.start + task.ms) return;
      const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const key = byId.get(n)!.callFrame.functionName;
        if (key && key !== "(root)" && !seen.has(key)) {
          seen.add(key);
          within.set(key, (within.get(key) ?? 0) + dt);
        }
      }
    });
    const top = [...within]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(", ");
    console.log(`  long task ${task.ms.toFixed(0)} ms at ${task.start.toFixed(0)}: ${top}`);
  }
}

const per = (ms: number) => (ms / RUNS).toFixed(0).padStart(6);
const what = deepPage ? "page (b): the recorder's start and full snapshot" : "6 bursts of 500 rows";
console.log(`arm ${arm}, ${RUNS} runs; main-thread time per run (${what}): ${per(total)} ms`);
console.log(`long tasks in the profiled part (ms): ${tasks.join(" ")}`);
console.log(`uploaded: ${(uploaded / 1024).toFixed(0)} KB over all runs`);
console.log("\nself time per run, top 30");
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${per(v)} ms  ${k}`);
const STEPS = [
  "processMutations",
  "processMutation",
  "emit",
  "serializeNodeWithId",
  "serializeNode",
  "needMaskingText",
  "maskTextFn",
  "maskInputFn",
  "isBlocked",
  "inDom",
  "isSelfOrAncestorInSet",
  "mutationCb",
  "wrappedEmit",
  "onEvent",
  "keep",
  "scrubEvent",
  "estimateSize",
  "changedNodes",
  "recordNodes",
  "flush",
  "stringifySliced",
  "stringify",
  "gzipText",
  "takeSnapshot",
  "snapshot",
  "prepareSnapshot",
  "postMessage",
  "insertAdjacentHTML",
];
console.log("\ninclusive time per run of the steps (a function's own and its callees')");
for (const step of STEPS) if (inclusive.has(step)) console.log(`${per(inclusive.get(step)!)} ms  ${step}`);

// bench/sdk: how small and how light the SDK is next to its peers. Gzip sizes of our loader and
// recorder next to @rrweb/record alone; then, in one Chromium session with the arms interleaved run
// by run, what each recorder adds to three pages: (a) a 1,000-row table that grows by 500 rows every
// 300 ms six times, (b) a ~50k-node static page, (c) a text editor being typed into. Arms: no SDK,
// bare @rrweb/record with maskAllInputs, posthog-js and @sentry/browser replay (pinned
// devDependencies, served from here, uploading to a local sink) and Rewind (loader + recorder).
// Prints, per page and arm, medians of added TBT, the longest long task, JS heap after GC and the
// bytes uploaded (through page exit), and Rewind / best peer for added TBT.
// Usage: npm run bench:sdk [-- --runs 10 --pages rows,deep,editor --arms none,rrweb,posthog,sentry,rewind]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../e2e/helpers/browser";
import { DEFAULT_SETTINGS } from "../lib/data/settings";
import { blockingTime, longestAfterParse, longTaskEntries, watchLongTasks } from "./long-tasks";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    pages: { type: "string", default: "rows,deep,editor" },
    // e.g. none,rrweb,rewind: a quicker pass when only the ratio to bare rrweb is wanted.
    arms: { type: "string", default: "none,rrweb,posthog,sentry,rewind" },
  },
});
const RUNS = Number(values.runs);
const root = join(import.meta.dirname, "..");
const gz = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length / 1024;

execFileSync(process.execPath, [join(root, "sdk/build.mjs")], { cwd: root, stdio: "ignore" });
const loader = readFileSync(join(root, "public/sdk/loader.js"));
const recorder = readFileSync(join(root, "public/sdk/recorder.js"));
const signals = readFileSync(join(root, "public/sdk/signals.js"));

/** Minified IIFE bundles of the peers, built the way a site would bundle them. */
async function bundle(source: string): Promise<Buffer> {
  const tmp = mkdtempSync(join(tmpdir(), "rewind-bench-sdk-"));
  try {
    writeFileSync(join(tmp, "entry.js"), source);
    await build({
      entryPoints: [join(tmp, "entry.js")],
      bundle: true,
      minify: true,
      format: "iife",
      target: "es2020",
      outfile: join(tmp, "out.js"),
      nodePaths: [join(root, "node_modules")],
      logLevel: "silent",
    });
    return readFileSync(join(tmp, "out.js"));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
const rrwebAlone = await bundle('import { record } from "@rrweb/record"; window.__record = record;');
const sentry = await bundle(
  'import * as Sentry from "@sentry/browser"; window.__Sentry = Sentry; window.__sentryReplay = Sentry.replayIntegration;',
);
// posthog-js's full array bundle carries its recorder, so nothing is fetched from PostHog's CDN.
const posthog = readFileSync(join(root, "node_modules/posthog-js/dist/array.full.js"));

console.log("sizes (gzip -9)");
console.log(`  loader.js                 ${gz(loader).toFixed(2)} KB   (all an unsampled visit downloads)`);
console.log(`  recorder.js               ${gz(recorder).toFixed(2)} KB`);
console.log(`  @rrweb/record alone       ${gz(rrwebAlone).toFixed(2)} KB   (minified the same way)`);
console.log(
  `  recorder - rrweb alone    ${(gz(recorder) - gz(rrwebAlone)).toFixed(2)} KB   (ours, less what sdk/rrweb-slim.mjs cuts from rrweb)`,
);
console.log(`  posthog-js array.full     ${gz(posthog).toFixed(2)} KB`);
console.log(`  @sentry/browser + replay  ${gz(sentry).toFixed(2)} KB\n`);

const ALL_ARMS = ["none", "rrweb", "posthog", "sentry", "rewind"] as const;
type Arm = (typeof ALL_ARMS)[number];
// The no-SDK arm is what every other arm's added time is measured against: always run.
const ARMS = ALL_ARMS.filter((a) => a === "none" || values.arms.split(",").includes(a));

/** Each arm's tags, and a page function that resolves once that recorder is running. */
const armHead: Record<Arm, string> = {
  none: "<script>window.__ready = () => true</script>",
  rrweb: `<script src="/peer/rrweb.js"></script><script>window.__events = []; window.__record({ emit: (e) => window.__events.push(e), maskAllInputs: true }); window.__ready = () => true</script>`,
  posthog: `<script>window._POSTHOG_REMOTE_CONFIG = { phc_bench: { config: { sessionRecording: { endpoint: "/s/" }, supportedCompression: ["gzip-js"], autocaptureExceptions: false, heatmaps: false }, siteApps: [] } }</script>
<script src="/peer/posthog.js"></script><script>posthog.init("phc_bench", { api_host: location.origin, opt_out_useragent_filter: true, autocapture: false, capture_pageview: true, disable_surveys: true, __preview_remote_config: true }); window.__ready = () => posthog.sessionRecordingStarted()</script>`,
  sentry: `<script src="/peer/sentry.js"></script><script>window.__replay = window.__sentryReplay(); window.__Sentry.init({ dsn: "http://public@" + location.host + "/1", integrations: [window.__replay], replaysSessionSampleRate: 1, replaysOnErrorSampleRate: 0 }); window.__ready = () => Boolean(window.__replay.getReplayId())</script>`,
  rewind: `<script src="/sdk/loader.js" data-key="pk_benchrun_RUN_" async></script><script>window.__ready = () => Boolean(window.rewind && window.rewind.getSessionId && window.rewind.getSessionId())</script>`,
};

const initialRows = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, k) =>
      `<tr><td>${from + k}</td><td>Customer ${from + k}</td><td><input value="v${from + k}"></td><td>${((from + k) * 37) % 1000}</td></tr>`,
  ).join("");
const deep = Array.from(
  { length: 5000 },
  (_, i) =>
    `<div class="c"><span>item ${i}</span><ul><li>a</li><li>b</li><li>c</li></ul><p>text <b>${i}</b></p></div>`,
).join("");

/** The pages; window.__work() is the page's own activity, started once the recorder runs. */
const PAGES = {
  rows: {
    title: "(a) growing 1,000-row table",
    body: `<table><tbody id="t">${initialRows(1000)}</tbody></table>
<script>window.__work = () => new Promise((done) => { let n = 0; const t = setInterval(() => {
  const html = []; for (let k = 0; k < 500; k++) { const i = 1000 + n * 500 + k;
    html.push('<tr><td>' + i + '</td><td>Customer ' + i + '</td><td><input value="v' + i + '"></td><td>' + (i * 37) % 1000 + '</td></tr>'); }
  document.getElementById("t").insertAdjacentHTML("beforeend", html.join(""));
  if (++n === 6) { clearInterval(t); done(); } }, 300); })</script>`,
  },
  deep: {
    title: "(b) ~50k-node static page",
    body: `${deep}<script>window.__work = () => Promise.resolve()</script>`,
  },
  editor: {
    title: "(c) text editor typed into",
    body: `<div id="ed" contenteditable="true" style="min-height:300px;border:1px solid #ccc;padding:8px">${Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i} of a document someone is editing.</p>`).join("")}</div>
<div id="status"></div>
<script>const ed = document.getElementById("ed"); ed.addEventListener("input", () => {
  const words = ed.innerText.split(/\\s+/).filter(Boolean).length;
  document.getElementById("status").textContent = words + " words";
}); window.__work = () => Promise.resolve()</script>`,
  },
} as const;
type PageName = keyof typeof PAGES;
const pages = values.pages.split(",").filter((p): p is PageName => p in PAGES);

const html = (page: PageName, arm: Arm, run: string) =>
  `<!doctype html><html><head><title>bench</title>${armHead[arm].replace("_RUN_", run)}</head><body>${PAGES[page].body}</body></html>`;

/**
 * Request bodies received for a recording (not config or flags), per run, so a late beacon of the
 * run before is not counted in this one: Rewind's carry the run in their project key (they send no
 * Referer), the peers' the run id of the page's address as their Referer.
 */
const uploads = new Map<string, number>();
let runs = 0;
const js = { "content-type": "text/javascript" };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const path = url.pathname;
  if (path === "/sdk/loader.js") return res.writeHead(200, js).end(loader);
  if (path === "/sdk/recorder.js") return res.writeHead(200, js).end(recorder);
  // Fetched by the recorder once it runs (vitals, forms, click offsets), as on a real site.
  if (path === "/sdk/signals.js") return res.writeHead(200, js).end(signals);
  if (path === "/peer/rrweb.js") return res.writeHead(200, js).end(rrwebAlone);
  if (path === "/peer/posthog.js") return res.writeHead(200, js).end(posthog);
  if (path === "/peer/sentry.js") return res.writeHead(200, js).end(sentry);
  if (path === "/api/v1/config") {
    // What a new workspace's remote config says: recording on, inputs masked, no console or network.
    return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(DEFAULT_SETTINGS));
  }
  if (path.startsWith("/flags")) {
    req.resume();
    return res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ flags: {}, featureFlags: {}, sessionRecording: { endpoint: "/s/" } }));
  }
  if (req.method === "POST") {
    const run =
      /^pk_benchrun(\d+)$/.exec(url.searchParams.get("k") ?? "")?.[1] ??
      new URL(req.headers.referer ?? "/", "http://x").searchParams.get("run") ??
      "unknown";
    req.on("data", (chunk: Buffer) => {
      uploads.set(run, (uploads.get(run) ?? 0) + chunk.length);
    });
    return req.on("end", () =>
      res
        .writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" })
        .end('{"ok":true,"status":1}'),
    );
  }
  const [page, arm] = [url.searchParams.get("page"), url.searchParams.get("arm")];
  if (path === "/page" && page && page in PAGES && ALL_ARMS.includes(arm as Arm))
    return res
      .writeHead(200, { "content-type": "text/html" })
      .end(html(page as PageName, arm as Arm, url.searchParams.get("run") ?? "0"));
  res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();

const TEXT = "The quick brown fox jumps over the lazy dog while someone edits this page. ";

async function typeInto(p: Page) {
  await p.click("#ed p:last-child");
  await p.keyboard.press("End");
  for (let i = 0; i < 120; i++) {
    if (i % 40 === 39) await p.keyboard.press("Enter");
    else await p.keyboard.insertText(TEXT[i % TEXT.length]!);
    await p.waitForTimeout(10);
  }
}

interface Sample {
  tbt: number;
  /** The TBT of the tasks that started before the page's own work (load, the recorder's start). */
  tbtStart: number;
  /** ... while the page worked (the bursts, the typing). */
  tbtWork: number;
  /** ... after it (the last snapshot slices, serialization and upload). */
  tbtAfter: number;
  longest: number;
  /** The longest task started once the HTML was parsed (on (b): not the page's 50k-node parse). */
  afterParse: number;
  heap: number;
  bytes: number;
}

async function measure(page: PageName, arm: Arm): Promise<Sample> {
  const context = await browser.newContext();
  try {
    return await measureIn(context, page, arm);
  } finally {
    await context.close();
  }
}

async function measureIn(context: BrowserContext, page: PageName, arm: Arm): Promise<Sample> {
  const p = await context.newPage();
  // The shared 2-core box can take far longer than Playwright's 30 s defaults.
  p.setDefaultTimeout(120_000);
  await watchLongTasks(p);
  const run = String(++runs);
  const uploaded = () => uploads.get(run) ?? 0;
  await p.goto(`${base}/page?page=${page}&arm=${arm}&run=${run}`, { waitUntil: "load" });
  await p
    .waitForFunction(() => (window as unknown as { __ready(): boolean }).__ready(), undefined, {
      timeout: 60_000,
    })
    .catch(() => console.warn(`  ${arm} did not start recording on ${page}`));
  const workAt = await p.evaluate(() => performance.now());
  await p.evaluate(() => (window as unknown as { __work(): Promise<void> }).__work());
  if (page === "editor") await typeInto(p);
  const workEnd = await p.evaluate(() => performance.now());
  await p.mouse.move(200, 200, { steps: 10 });
  await p.waitForTimeout(1500);
  // Rewind takes its full snapshot in slices after it starts: the visit lasts until it was sent
  // (0.3 s after it is taken), so its whole cost is counted, as bare rrweb's synchronous one is.
  const waitUntil = Date.now() + 60_000;
  while (arm === "rewind" && uploaded() === 0 && Date.now() < waitUntil) await p.waitForTimeout(200);
  const entries = await longTaskEntries(p);
  const long = entries.map((e) => e.ms);
  const phase = (from: number, to: number) =>
    blockingTime(entries.filter((e) => e.start >= from && e.start < to).map((e) => e.ms));
  const afterParse = await longestAfterParse(p);
  const cdp = await context.newCDPSession(p);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 1024 / 1024;
  let bytes = 0;
  if (arm === "rrweb") {
    // Bare rrweb uploads nothing: what it would send is its events as JSON, gzipped.
    const json = await p.evaluate(() =>
      JSON.stringify((window as unknown as { __events: unknown[] }).__events),
    );
    bytes = gzipSync(json).length;
  } else {
    // Leaving the page is when recorders send what they still hold (beacons on pagehide).
    await p.goto("about:blank");
    await p.waitForTimeout(800);
    bytes = uploaded();
    uploads.delete(run);
  }
  return {
    tbt: blockingTime(long),
    tbtStart: phase(-Infinity, workAt),
    tbtWork: phase(workAt, workEnd),
    tbtAfter: phase(workEnd, Infinity),
    longest: Math.max(0, ...long),
    afterParse,
    heap,
    bytes,
  };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const median = (xs: number[]) => quantile(xs, 0.5);
/** "median (p25–p75)": the spread says how far one run's figure can be trusted on this box. */
const spread = (xs: number[], digits = 0) =>
  `${median(xs).toFixed(digits)} (${quantile(xs, 0.25).toFixed(digits)}–${quantile(xs, 0.75).toFixed(digits)})`;
const results = new Map<string, Sample[]>();
/** Per run, what each arm added to the no-SDK arm's TBT of the same run (arms run back to back). */
const addedPerRun = new Map<string, number[]>();
const started = Date.now();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(`load average at start: ${load()}`);
for (let i = 0; i < RUNS; i++) {
  for (const page of pages) {
    // Arms interleaved, the order rotated each run so no arm always follows the same neighbour.
    const thisRun = new Map<Arm, Sample>();
    for (let k = 0; k < ARMS.length; k++) {
      const arm = ARMS[(k + i) % ARMS.length]!;
      const key = `${page}/${arm}`;
      const sample = await measure(page, arm).catch((e: Error) => {
        console.warn(`  ${key} run ${i + 1} failed: ${e.message.split("\n")[0]}`);
        return null;
      });
      if (sample) {
        results.set(key, [...(results.get(key) ?? []), sample]);
        thisRun.set(arm, sample);
      }
    }
    const none = thisRun.get("none");
    for (const [arm, sample] of thisRun) {
      const key = `${page}/${arm}`;
      if (none) addedPerRun.set(key, [...(addedPerRun.get(key) ?? []), sample.tbt - none.tbt]);
    }
  }
  console.log(`  run ${i + 1}/${RUNS} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
await browser.close();
server.close();

console.log(`load average at end: ${load()}`);
console.log(`\nruntime cost in Chromium, medians (p25–p75) of ${RUNS} interleaved runs`);
for (const page of pages) {
  console.log(`\n${PAGES[page].title}`);
  console.log(
    "arm        added TBT ms  longest task ms  after parse ms  heap MB  added heap MB  uploaded KB  added TBT per run ms",
  );
  const med = (arm: Arm, f: keyof Sample) => median((results.get(`${page}/${arm}`) ?? []).map((s) => s[f]));
  const added = (arm: Arm) => med(arm, "tbt") - med("none", "tbt");
  for (const arm of ARMS) {
    console.log(
      `${arm.padEnd(10)} ${added(arm).toFixed(0).padStart(12)} ${med(arm, "longest").toFixed(0).padStart(16)} ${med(arm, "afterParse").toFixed(0).padStart(15)} ${med(arm, "heap").toFixed(2).padStart(8)} ${(med(arm, "heap") - med("none", "heap")).toFixed(2).padStart(14)} ${arm === "none" ? "           -" : (med(arm, "bytes") / 1024).toFixed(1).padStart(12)}  ${arm === "none" ? "" : spread(addedPerRun.get(`${page}/${arm}`) ?? [])}${arm === "rrweb" ? "  (rrweb: its events gzipped; it sends nothing)" : ""}`,
    );
  }
  // Where each arm's added TBT falls: before the page's own work (load, the recorder's start and
  // first snapshot), during it, after it (the last slices, serialization, upload).
  const phases = ["tbtStart", "tbtWork", "tbtAfter"] as const;
  console.log("added TBT by phase, ms (medians): before the page's work / during / after");
  for (const arm of ARMS)
    if (arm !== "none")
      console.log(
        `  ${arm.padEnd(10)} ${phases.map((f) => (med(arm, f) - med("none", f)).toFixed(0).padStart(6)).join(" /")}`,
      );
  const peers = ARMS.filter((a) => a === "posthog" || a === "sentry");
  const best = peers.length ? Math.min(...peers.map(added)) : 0;
  const ratio = (x: number) => (x > 0 ? (added("rewind") / x).toFixed(2) : "n/a (peer added nothing)");
  if (peers.length) console.log(`Rewind / best peer (${peers.join(", ")}) added TBT: ${ratio(best)}`);
  console.log(`Rewind / bare rrweb added TBT: ${ratio(added("rrweb"))}`);
  // The same ratio run by run (each run's arms back to back), to show its spread.
  const ours = addedPerRun.get(`${page}/rewind`) ?? [];
  const bare = addedPerRun.get(`${page}/rrweb`) ?? [];
  // Paired by run only when both arms ran in every run (a failed arm would shift the pairs).
  const paired = ours.length === bare.length;
  const perRun = paired ? ours.flatMap((x, k) => ((bare[k] ?? 0) > 0 ? [x / bare[k]!] : [])) : [];
  console.log(
    `Rewind / bare rrweb per run: ${perRun.length ? spread(perRun, 2) : "n/a"} over ${perRun.length} runs with rrweb adding time`,
  );
}

// bench/player: how fast the player shows a recording. For 1-minute, 30-minute, 2-hour and 6-hour
// recordings (a chunk every 10 s, as the SDK flushes), recorded before checkpoints (one full
// snapshot at the start) and with a checkpoint every 5 minutes, in Chromium against the built app,
// medians of N cold runs: time to first frame, seek to the middle, seek to 90 %, a deep link to
// 90 % (a fresh page opened at ?t=, from navigation to the right frame), and the longest
// main-thread task during the seeks; then the 2-h / 1-min first-frame ratio; then the JS heap
// after the first and after the 20th recording of a playlist played through in one tab.
// Usage: npm run bench:player [-- --runs 3] [-- --lengths "1 min,6 h"] [-- --playlist 20]
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { startApp } from "../e2e/helpers/app";
import { launchChromium } from "../e2e/helpers/browser";
import { type HeapSnapshot, takeHeapSnapshot } from "../e2e/helpers/heap-snapshot";
import { signUp } from "../e2e/helpers/http";
import { ingestAll, longRecording } from "../e2e/helpers/long-recording";
import { ingestPlaylist, playThrough } from "../e2e/helpers/play-through";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    lengths: { type: "string", default: "" },
    playlist: { type: "string", default: "20" },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const ALL_LENGTHS = [
  { name: "1 min", ms: 60_000 },
  { name: "30 min", ms: 30 * 60_000 },
  { name: "2 h", ms: 2 * 3600_000 },
  { name: "6 h", ms: 6 * 3600_000 },
];
const wanted = values.lengths ? values.lengths.split(",").map((x) => x.trim()) : null;
const LENGTHS = ALL_LENGTHS.filter((l) => !wanted || wanted.includes(l.name));
const VARIANTS = [
  { name: "before (no checkpoints)", checkpointEveryMs: undefined },
  { name: "after (checkpoint / 5 min)", checkpointEveryMs: 5 * 60_000 },
];
const PASSWORD = "correct horse battery";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const app = await startApp();
const browser = await launchChromium();
try {
  const { session, workspace } = await signUp(app.url, {
    email: "bench@player.test",
    workspaceName: "Bench",
    password: PASSWORD,
  });
  const keys = (await (await session.fetch(`/api/v1/workspaces/${workspace.slug}/keys`)).json()) as {
    projectKey: { current: string };
  };
  const recordings = [];
  for (const l of LENGTHS)
    for (const v of VARIANTS) {
      const r = longRecording({
        start: Date.now() - 7 * 3600_000,
        durationMs: l.ms,
        chunkEveryMs: 10_000,
        checkpointEveryMs: v.checkpointEveryMs,
      });
      await ingestAll(app.url, keys.projectKey.current, r.batches);
      recordings.push({ ...l, variant: v.name, sessionId: r.sessionId, chunks: r.batches.length });
      console.error(`ingested ${l.name} ${v.name}: ${r.batches.length} chunks`);
    }

  const login = await browser.newContext();
  const page = await login.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill("bench@player.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/recordings/);
  const storageState = await login.storageState();
  await login.close();

  /** Waits in the page until the replay shows `expected` (±1 minute) with no seek pending; ms from `since`. */
  const untilMinute = (p: Page, expected: number, since: "navigation" | number) =>
    p.evaluate(
      async ({ expected, since }) => {
        const started = since === "navigation" ? 0 : since;
        for (;;) {
          const frame = document.querySelector<HTMLIFrameElement>("[data-testid=player] iframe");
          const text = frame?.contentDocument?.getElementById("clock")?.textContent ?? "";
          const shown = Number(/minute (\d+)/.exec(text)?.[1] ?? -9);
          if (
            document.querySelector("[data-status=ready]") &&
            !document.querySelector("[data-testid=seek-progress]") &&
            Math.abs(shown - expected) <= 1
          )
            return performance.now() - started;
          if (performance.now() - started > 180_000) return Number.NaN;
          await new Promise((res) => requestAnimationFrame(res));
        }
      },
      { expected, since },
    );

  /** Clicks the scrubber at `fraction` and times until the replay shows that minute. */
  const seekTo = async (p: Page, fraction: number, durationMs: number) => {
    const minute = Math.floor((durationMs * fraction) / 60_000);
    const started = await p.evaluate((fraction) => {
      const bar = document.querySelector<HTMLElement>("[data-testid=scrubber]")!;
      const r = bar.getBoundingClientRect();
      const at = performance.now();
      bar.dispatchEvent(
        new MouseEvent("click", { bubbles: true, clientX: r.left + r.width * fraction, clientY: r.top + 4 }),
      );
      return at;
    }, fraction);
    return untilMinute(p, minute, started);
  };

  /** Records the longest main-thread task (Long Tasks API) from now on. */
  const watchLongTasks = (p: Page) =>
    p.evaluate(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: "longtask" });
    });
  const longestTask = (p: Page) => p.evaluate(() => (window as unknown as { __longest: number }).__longest);

  interface Run {
    firstFrame: number;
    seekMiddle: number;
    seek90: number;
    deepLink90: number;
    longestTask: number;
  }

  /** One cold open (a fresh context: no cached chunks): first frame, seeks, then a deep link. */
  async function run(sessionId: string, durationMs: number): Promise<Run> {
    const context = await browser.newContext({ storageState, viewport: { width: 1440, height: 1000 } });
    const p: Page = await context.newPage();
    await p.goto(`${app.url}/${workspace.slug}/recordings/${sessionId}`, { waitUntil: "commit" });
    const stage = p.locator("[data-status=ready]");
    await stage.waitFor({ timeout: 180_000 });
    const firstFrameAt = Number(await stage.getAttribute("data-first-frame-at"));
    const firstFrame = firstFrameAt - (await p.evaluate(() => performance.timeOrigin));
    await watchLongTasks(p);
    const seekMiddle = await seekTo(p, 0.5, durationMs);
    const seek90 = await seekTo(p, 0.9, durationMs);
    const longest = await longestTask(p);
    await context.close();
    const fresh = await browser.newContext({ storageState, viewport: { width: 1440, height: 1000 } });
    const q: Page = await fresh.newPage();
    const t = Math.floor((durationMs * 0.9) / 1000);
    await q.goto(`${app.url}/${workspace.slug}/recordings/${sessionId}?t=${t}`, { waitUntil: "commit" });
    const deepLink90 = await untilMinute(q, Math.floor((t * 1000) / 60_000), "navigation");
    await fresh.close();
    return { firstFrame, seekMiddle, seek90, deepLink90, longestTask: longest };
  }

  const rows: string[][] = [];
  const firstFrames = new Map<string, number>();
  for (const r of recordings) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await run(r.sessionId, r.ms));
      console.error(`${r.name} ${r.variant} run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
    }
    const m = (k: keyof Run) => median(runs.map((x) => x[k])).toFixed(0);
    if (r.variant === VARIANTS[1]!.name) firstFrames.set(r.name, Number(m("firstFrame")));
    rows.push([
      r.name,
      r.variant,
      String(r.chunks),
      m("firstFrame"),
      m("seekMiddle"),
      m("seek90"),
      m("deepLink90"),
      m("longestTask"),
    ]);
  }
  console.log(
    `bench/player: medians of ${RUNS} cold runs in Chromium (ms; goal: seeks and deep links < 300)\n`,
  );
  printTable(
    [
      "recording",
      "recorded",
      "chunks",
      "first frame",
      "seek to middle",
      "seek to 90 %",
      "deep link 90 %",
      "longest task",
    ],
    rows,
  );
  if (firstFrames.has("2 h") && firstFrames.has("1 min")) {
    const ratio = firstFrames.get("2 h")! / firstFrames.get("1 min")!;
    console.log(`\nfirst frame, 2 h / 1 min: ${ratio.toFixed(2)} (goal ≤ 1.5)`);
  }

  const count = Number(values.playlist);
  if (count > 1) {
    const playlist = await ingestPlaylist(app.url, session, workspace.slug, keys.projectKey.current, count);
    const context = await browser.newContext({ storageState, viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const snapshots: HeapSnapshot[] = [];
    const heap = await playThrough(page, app.url, workspace.slug, playlist, async (i) => {
      if (i === 1 || i === count) snapshots.push(await takeHeapSnapshot(page));
    });
    await context.close();
    const mb = (b: number) => (b / 1e6).toFixed(1);
    console.log(
      `\nJS heap, playlist of ${count} played through in one tab: after the first ${mb(heap.afterFirst)} MB, ` +
        `after the last ${mb(heap.afterLast)} MB: ${(heap.afterLast / heap.afterFirst).toFixed(2)}× (goal ≤ 1.20)`,
    );
    // The engine's compiled code grows as hot functions tier up; the rest is the page's data.
    const [first, last] = snapshots as [HeapSnapshot, HeapSnapshot];
    const rest = (h: HeapSnapshot) => h.total - h.code;
    console.log(
      `heap snapshots, after the first → the last: compiled code ${mb(first.code)} → ${mb(last.code)} MB, ` +
        `the rest ${mb(rest(first))} → ${mb(rest(last))} MB: ${(rest(last) / rest(first)).toFixed(2)}× ` +
        "(what grows, by constructor: npx tsx bench/player-heap.ts)",
    );
  }
} finally {
  await browser.close();
  await app.stop({ removeData: true });
}

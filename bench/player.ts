// bench/player: how fast the player shows a recording. Time to first frame and time to seek to the
// middle for 1-minute, 30-minute and 2-hour recordings (a chunk every 10 s, as the SDK flushes), in
// Chromium against the built app, medians of N cold runs; and the 2-h / 1-min first-frame ratio.
// Usage: npm run bench:player [-- --runs 5]
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { startApp } from "../e2e/helpers/app";
import { launchChromium } from "../e2e/helpers/browser";
import { signUp } from "../e2e/helpers/http";
import { ingestAll, longRecording } from "../e2e/helpers/long-recording";
import { printTable } from "./table";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Math.max(1, Number(values.runs));
const LENGTHS = [
  { name: "1 min", ms: 60_000 },
  { name: "30 min", ms: 30 * 60_000 },
  { name: "2 h", ms: 2 * 3600_000 },
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
  for (const l of LENGTHS) {
    const r = longRecording({ start: Date.now() - 3 * 3600_000, durationMs: l.ms, chunkEveryMs: 10_000 });
    await ingestAll(app.url, keys.projectKey.current, r.batches);
    recordings.push({ ...l, sessionId: r.sessionId, chunks: r.batches.length });
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

  /** One cold open: a fresh context (no cached chunks), first frame, then a seek to the middle. */
  async function run(sessionId: string, durationMs: number): Promise<{ firstFrame: number; seek: number }> {
    const context = await browser.newContext({ storageState, viewport: { width: 1440, height: 1000 } });
    const p: Page = await context.newPage();
    await p.goto(`${app.url}/${workspace.slug}/recordings/${sessionId}`, { waitUntil: "commit" });
    const stage = p.locator("[data-status=ready]");
    await stage.waitFor({ timeout: 120_000 });
    const firstFrameAt = Number(await stage.getAttribute("data-first-frame-at"));
    const firstFrame = firstFrameAt - (await p.evaluate(() => performance.timeOrigin));
    const minute = Math.floor(durationMs / 2 / 60_000);
    const seek = await p.evaluate(async (expected) => {
      const bar = document.querySelector<HTMLElement>("[data-testid=scrubber]")!;
      const r = bar.getBoundingClientRect();
      const started = performance.now();
      bar.dispatchEvent(
        new MouseEvent("click", { bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + 4 }),
      );
      const frame = document.querySelector<HTMLIFrameElement>("[data-testid=player] iframe")!;
      for (;;) {
        await new Promise((res) => requestAnimationFrame(res));
        const text = frame.contentDocument?.getElementById("clock")?.textContent ?? "";
        // A click lands within a pixel of the middle: the minute before it counts too.
        const shown = Number(/minute (\d+)/.exec(text)?.[1] ?? -9);
        if (!document.querySelector("[data-testid=seek-progress]") && Math.abs(shown - expected) <= 1)
          return performance.now() - started;
        if (performance.now() - started > 120_000) return Number.NaN;
      }
    }, minute);
    await context.close();
    return { firstFrame, seek };
  }

  const rows: string[][] = [];
  const firstFrames = new Map<string, number>();
  for (const r of recordings) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await run(r.sessionId, r.ms));
      console.error(`${r.name} run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
    }
    const ff = median(runs.map((x) => x.firstFrame));
    firstFrames.set(r.name, ff);
    rows.push([r.name, String(r.chunks), ff.toFixed(0), median(runs.map((x) => x.seek)).toFixed(0)]);
  }
  console.log(`bench/player: medians of ${RUNS} cold runs in Chromium (ms)\n`);
  printTable(["recording", "chunks", "first frame", "seek to middle"], rows);
  const ratio = firstFrames.get("2 h")! / firstFrames.get("1 min")!;
  console.log(`\nfirst frame, 2 h / 1 min: ${ratio.toFixed(2)} (goal ≤ 1.5)`);
} finally {
  await browser.close();
  await app.stop({ removeData: true });
}

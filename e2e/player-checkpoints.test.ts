import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunningApp } from "./helpers/app";
import type { HttpSession } from "./helpers/http";
import { ingestAll, longRecording } from "./helpers/long-recording";
import { closeStage, openShop, shots } from "./helpers/stage";
import { logIn, playhead } from "./helpers/ui";

/**
 * Checkpoints and the player's controls on the built app in Chromium: a two-hour recording with a
 * checkpoint every 5 minutes opens deep in (and seeks) from the nearest checkpoint, fetching a few
 * chunks rather than everything before; the keys keep working after seeks; "jump to end" shows
 * the final state, and the health line follows the viewport at the playhead.
 */

const PASSWORD = "correct horse battery";
const MIN = 60_000;
let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let key: string;
let long: { sessionId: string; chunks: number };
let resized: { sessionId: string; endsAt: number; start: number };

beforeAll(async () => {
  ({
    app,
    browser,
    owner,
    slug,
    projectKey: key,
  } = await openShop({ email: "seeker@player.test", workspaceName: "Seek Shop", password: PASSWORD }));
  const r = longRecording({
    start: Date.now() - 3 * 3600_000,
    durationMs: 2 * 3600_000,
    chunkEveryMs: 20_000,
    checkpointEveryMs: 5 * MIN,
  });
  await ingestAll(app.url, key, r.batches);
  long = { sessionId: r.sessionId, chunks: r.batches.length };
  // A minute on a 1280×720 window that ends with the text changed and the window widened.
  const start = Date.now() - 30 * MIN;
  const short = longRecording({ start, durationMs: MIN, chunkEveryMs: 20_000 });
  const endsAt = short.endsAt + 2000;
  short.batches.push({
    ...short.batches[0]!,
    batchId: crypto.randomUUID(),
    seq: short.batches.length,
    events: [
      { type: 3, timestamp: endsAt - 1, data: { source: 4, width: 1920, height: 1080 } },
      {
        type: 3,
        timestamp: endsAt,
        data: { source: 0, texts: [{ id: 10, value: "the end" }], attributes: [], removes: [], adds: [] },
      },
    ],
  });
  await ingestAll(app.url, key, short.batches, 1);
  resized = { sessionId: short.sessionId, endsAt, start };
}, 300_000);
afterAll(() => closeStage({ app, browser }));

const loggedIn = () => logIn(browser, app.url, { email: "seeker@player.test", password: PASSWORD });
const shownMinute = async (page: Page) =>
  Number(
    /minute (\d+)/.exec(
      (await page.frameLocator("[data-testid=player] iframe").locator("#clock").textContent()) ?? "",
    )?.[1] ?? -1,
  );

type Manifest = { id: string; firstTs: number }[];

/** The chunk ids a request URL asks for: one by id, or a range (`chunks?from=&to=`) by first timestamps. */
function chunkIdsOf(url: string, manifest: Manifest): string[] {
  const one = /\/recordings\/[^/]+\/chunks\/([^/?]+)/.exec(url);
  if (one) return [one[1]!];
  const range = /\/recordings\/[^/]+\/chunks\?from=(\d+)&to=(\d+)/.exec(url);
  if (!range) return [];
  const [from, to] = [Number(range[1]), Number(range[2])];
  return manifest.filter((c) => c.firstTs >= from && c.firstTs <= to).map((c) => c.id);
}

/** Chunk ids the page fetches, in order. */
function watchChunks(page: Page, manifest: Manifest): string[] {
  const ids: string[] = [];
  page.on("request", (r) => ids.push(...chunkIdsOf(r.url(), manifest)));
  return ids;
}

/**
 * Chunk ids the page asked for before its first frame (resource timing, on the page's clock: the
 * neighbouring window it prefetches once the frame is up does not count).
 */
async function chunksBeforeFirstFrame(page: Page, manifest: Manifest): Promise<string[]> {
  const at = Number(await page.locator("[data-status=ready]").getAttribute("data-first-frame-at"));
  const urls = await page.evaluate(
    (at) =>
      performance
        .getEntriesByType("resource")
        .filter((e) => performance.timeOrigin + e.startTime < at)
        .map((e) => e.name),
    at,
  );
  return urls.flatMap((u) => chunkIdsOf(u, manifest));
}

test("a deep link into hour 2 starts from the checkpoint before it; a seek back starts from its own", async () => {
  const manifest = (await (
    await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${long.sessionId}`)
  ).json()) as {
    chunks: { id: string; firstTs: number; checkpointAt: number | null }[];
  };
  const chunks = manifest.chunks;
  expect(chunks).toHaveLength(long.chunks);
  // 2 h / 5 min: 24 checkpoints, the first at the start.
  expect(chunks.filter((c) => c.checkpointAt !== null)).toHaveLength(24);
  const indexOf = new Map(chunks.map((c, i) => [c.id, i]));

  const { context, page } = await loggedIn();
  const requested = watchChunks(page, chunks);
  // 1:47:30 — the checkpoint before it is at 1:45:00 (chunk 315 of 360).
  await page.goto(`${app.url}/${slug}/recordings/${long.sessionId}?t=${107 * 60 + 30}`, {
    waitUntil: "commit",
  });
  const stage = page.locator("[data-status=ready]");
  await stage.waitFor({ timeout: 60_000 });
  await expect.poll(() => shownMinute(page)).toBe(107);
  expect(Math.abs((await playhead(page)) - (107 * MIN + 30_000))).toBeLessThan(1000);
  const beforeFirstFrame = await chunksBeforeFirstFrame(page, chunks);
  expect(beforeFirstFrame.length).toBeGreaterThan(0);
  expect(Math.min(...beforeFirstFrame.map((id) => indexOf.get(id)!))).toBe(315);
  expect(beforeFirstFrame).not.toContain(chunks[0]!.id);
  await expect(stage.getAttribute("data-window-from")).resolves.toBe("315");
  await page.screenshot({ path: join(shots, "player-deep-link.png") });

  // Back to 0:36:40: a new window from the 0:35:00 checkpoint, not from the start.
  requested.length = 0;
  const bar = page.getByTestId("scrubber");
  const box = (await bar.boundingBox())!;
  const target = 36 * MIN + 40_000;
  const total = Number(await bar.getAttribute("aria-valuemax"));
  await bar.click({ position: { x: (box.width * target) / total, y: 4 } });
  await expect
    .poll(async () => Math.abs((await shownMinute(page)) - 36.5), { timeout: 30_000 })
    .toBeLessThanOrEqual(0.5);
  // The replayer was rebuilt from that checkpoint's chunk (the chunks before the deep link's
  // checkpoint also load in the background for the side panels, never into the replayer).
  await expect(page.locator("[data-status=ready]").getAttribute("data-window-from")).resolves.toBe("105");
  await context.close();
}, 180_000);

test("the keys keep working after seeks and clicks into the replay; ? lists them", async () => {
  const { context, page } = await loggedIn();
  await page.goto(`${app.url}/${slug}/recordings/${long.sessionId}?t=600`, { waitUntil: "commit" });
  await page.locator("[data-status=ready]").waitFor({ timeout: 60_000 });
  // A click on the replay and a seek on the scrubber, then only the keyboard.
  await page.locator("[data-testid=player] iframe").click({ force: true });
  await page.getByTestId("scrubber").click({ position: { x: 200, y: 4 } });
  await expect.poll(() => page.locator("[data-testid=seek-progress]").count(), { timeout: 30_000 }).toBe(0);
  const at = await playhead(page);
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("IFRAME");
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => playhead(page)).toBeLessThan(at - 4000);
  const left = await playhead(page);
  await page.keyboard.press("Shift+ArrowLeft");
  await expect.poll(() => playhead(page)).toBeLessThan(left - 14_000);
  const shifted = await playhead(page);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => playhead(page)).toBeGreaterThan(shifted + 4000);
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("IFRAME");
  await page.keyboard.press("[");
  await expect(page.getByTestId("speed").inputValue()).resolves.toBe("0.5");
  await page.keyboard.press("]");
  await expect(page.getByTestId("speed").inputValue()).resolves.toBe("1");
  await page.keyboard.press("?");
  const list = page.getByTestId("shortcut-list");
  await list.waitFor();
  await expect(list.textContent()).resolves.toMatch(/Back \/ forward 15 s/);
  await page.screenshot({ path: join(shots, "player-shortcuts.png") });
  await page.keyboard.press("Escape");
  await list.waitFor({ state: "detached" });
  await context.close();
}, 120_000);

test("jump to end shows the final state; the health line and the stage follow the viewport at the playhead", async () => {
  const { context, page } = await loggedIn();
  await page.goto(`${app.url}/${slug}/recordings/${resized.sessionId}`, { waitUntil: "commit" });
  await page.locator("[data-status=ready]").waitFor({ timeout: 60_000 });
  // One rounding rule: the header's duration and the player's agree.
  const clockText = (await page.getByTestId("clock").textContent()) ?? "";
  const totalSeconds = Number(/\/ 0:(\d\d)/.exec(clockText)?.[1]);
  await expect(page.locator("h1").textContent()).resolves.toContain(`· ${totalSeconds}s`);
  // At the start: the 1280×720 viewport, and the replay fills the stage's width.
  const health = page.getByTestId("health");
  await expect(health.textContent()).resolves.toMatch(/1280×720 viewport/);
  const stageBox = (await page.locator("[data-status=ready]").boundingBox())!;
  const frameBox = (await page.locator("[data-testid=player] iframe").boundingBox())!;
  expect(frameBox.width).toBeGreaterThan(stageBox.width * 0.95);
  expect(frameBox.y + frameBox.height).toBeGreaterThan(stageBox.y + stageBox.height - 0.08 * stageBox.height);
  await page.screenshot({ path: join(shots, "player-fills.png") });

  await page.keyboard.press("End");
  await expect
    .poll(async () => page.frameLocator("[data-testid=player] iframe").locator("#clock").textContent())
    .toBe("the end");
  await expect.poll(async () => health.textContent()).toMatch(/1920×1080 viewport/);
  await page.screenshot({ path: join(shots, "player-end.png") });
  await page.keyboard.press("Home");
  await expect.poll(async () => health.textContent()).toMatch(/1280×720 viewport/);
  await context.close();
}, 120_000);

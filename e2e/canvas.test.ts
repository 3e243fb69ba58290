import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { decodePng } from "./helpers/pixels";
import { shopForFile, shots } from "./helpers/stage";
import { logIn, playhead } from "./helpers/ui";
import { until } from "./helpers/wait";

/**
 * Canvas, opt-in, in Chromium with the real SDK: a page with a drawn <canvas> (and one in a blocked
 * section) recorded with canvas on and off; what was stored, what the replay draws (pixels of the
 * replay iframe, which has no allow-scripts) and what the health line says.
 */

const PASSWORD = "correct horse battery";
const EMAIL = "painter@canvas.test";

const shop = shopForFile({
  email: EMAIL,
  workspaceName: "Canvas Shop",
  password: PASSWORD,
});

/** Red on the left half of the recorded canvas, a blue bar drawn later (drawBar); the blocked one is all green. */
const PAGE = (key: string) => `<!doctype html><html><head><title>Chart</title>
<script src="/sdk/loader.js" data-key="${key}" async></script></head>
<body style="margin:0;background:#fff;font-family:sans-serif">
<h1 style="font-size:16px">Sales chart</h1>
<canvas id="chart" width="400" height="200" style="border:1px solid #ccc"></canvas>
<div data-rewind-block><canvas id="secret" width="200" height="100"></canvas></div>
<script>
  const c = document.getElementById("chart").getContext("2d");
  c.fillStyle = "rgb(220,20,20)"; c.fillRect(0, 0, 200, 200);
  document.getElementById("secret").getContext("2d").fillStyle = "rgb(20,200,20)";
  document.getElementById("secret").getContext("2d").fillRect(0, 0, 200, 100);
  window.drawBar = () => { c.fillStyle = "rgb(20,20,220)"; c.fillRect(220, 80, 160, 40); };
</script></body></html>`;

interface StoredEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

async function recordVisit(): Promise<{ sessionId: string; requests: string[] }> {
  const context = await shop.browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.route(`${shop.app.url}/canvas-page`, (route) =>
    route.fulfill({ contentType: "text/html", body: PAGE(shop.projectKey) }),
  );
  await page.goto(`${shop.app.url}/canvas-page`);
  const sessionId = await until("the SDK to start", () =>
    page.evaluate(() =>
      (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
    ),
  );
  // The bar is drawn well after the first frame was taken, so a second, different frame follows.
  await page.waitForTimeout(3000);
  await page.evaluate(() => (window as unknown as { drawBar(): void }).drawBar());
  await page.waitForTimeout(1500);
  // The last thing the visit does: once this click is stored, so is everything before it.
  await page.getByText("Sales chart").click();
  // Sent by the 5 s flush while the page lives, rather than by the exit beacon alone.
  await page.waitForTimeout(5500);
  await page.goto("about:blank");
  await context.close();
  return { sessionId, requests };
}

const isClick = (e: StoredEvent) => e.type === 3 && e.data.source === 2 && e.data.type === 2;

/** Every stored event of the visit, once its final click has arrived. */
async function storedEvents(sessionId: string): Promise<StoredEvent[]> {
  return until(
    `session ${sessionId} to be stored up to its last click`,
    async () => {
      const res = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/recordings/${sessionId}`);
      if (res.status !== 200) return null;
      const { chunks } = (await res.json()) as { chunks: { id: string }[] };
      const events: StoredEvent[] = [];
      for (const chunk of chunks) {
        const part = await shop.owner.fetch(
          `/api/v1/workspaces/${shop.slug}/recordings/${sessionId}/chunks/${chunk.id}`,
        );
        events.push(...((await part.json()) as { events: StoredEvent[] }).events);
      }
      return events.some(isClick) ? events.sort((a, b) => a.timestamp - b.timestamp) : null;
    },
    45_000,
  );
}

type Ink = { red: number; blue: number; green: number };

/**
 * Opens the recording in the player at `atSec` (a deep link: the seek path) and returns the replay
 * iframe's colours there, then plays on until the playhead passes `untilMs` and looks again.
 */
async function replay(
  sessionId: string,
  name: string,
  atSec: number,
  untilMs: number,
): Promise<{ page: Page; start: Ink; end: Ink }> {
  const { page } = await logIn(shop.browser, shop.app.url, { email: EMAIL, password: PASSWORD });
  await page.goto(`${shop.app.url}/${shop.slug}/recordings/${sessionId}?t=${atSec}`);
  await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  const frame = page.locator("[data-testid=player] iframe");
  await frame.waitFor();
  expect((await frame.getAttribute("sandbox")) ?? "").not.toContain("allow-scripts");
  await page.waitForTimeout(1000);
  const start = await ink(page, `${name}-start`);
  // The Play button rather than the space key: a key press can land before the player has focus.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await until("the playhead to pass the last frame", async () => (await playhead(page)) > untilMs, 30_000);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, `${name}-page.png`), fullPage: true });
  return { page, start, end: await ink(page, `${name}-end`) };
}

async function ink(page: Page, name: string): Promise<Ink> {
  const png = await page.locator("[data-testid=player] iframe").screenshot();
  writeFileSync(join(shots, `${name}.png`), png);
  const img = decodePng(png);
  let red = 0;
  let blue = 0;
  let green = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const [r, g, b] = img.pixel(x, y) as [number, number, number];
      if (r > 180 && g < 80 && b < 80) red++;
      else if (b > 180 && r < 80 && g < 80) blue++;
      else if (g > 160 && r < 80 && b < 80) green++;
    }
  return { red, blue, green };
}

const frames = (events: StoredEvent[]) => events.filter((e) => e.type === 3 && e.data.source === 9);

describe("canvas on", () => {
  test("an admin turns it on; frames are stored for the visible canvas only and replay as images", async () => {
    const { page: settings } = await logIn(shop.browser, shop.app.url, { email: EMAIL, password: PASSWORD });
    await settings.goto(`${shop.app.url}/${shop.slug}/settings/recording`);
    await settings.getByLabel(/Record canvas frames/).check();
    await settings.getByRole("button", { name: "Save recording settings" }).click();
    await settings.getByText("Saved.").waitFor();
    await settings.context().close();

    const { sessionId, requests } = await recordVisit();
    expect(requests.some((u) => u.endsWith("/sdk/canvas.js"))).toBe(true);
    const events = await storedEvents(sessionId);
    const sent = frames(events);
    // The first frame right after the snapshot, the blue bar's later; nothing while the canvas is still.
    expect(sent).toHaveLength(2);
    const ids = new Set(sent.map((e) => e.data.id));
    expect(ids.size).toBe(1); // the canvas in the blocked section is never read
    expect(JSON.stringify(sent[0]!.data)).toContain('"type":"image/webp"');

    // Between the first frame (red) and the second (red and the blue bar), then past the second.
    const origin = events[0]!.timestamp;
    const [first, second] = sent.map((e) => e.timestamp - origin) as [number, number];
    const atSec = Math.ceil(first / 1000);
    expect(atSec * 1000).toBeLessThan(second);
    const { page, start, end } = await replay(sessionId, "canvas-on", atSec, second);
    // 200×200 px of red (scaled into the player) from the first frame; the bar only once played to it.
    expect(start.red).toBeGreaterThan(2000);
    expect(start.blue).toBe(0);
    expect(end.red).toBeGreaterThan(2000);
    expect(end.blue).toBeGreaterThan(500);
    expect(start.green + end.green).toBe(0); // the blocked canvas is never drawn
    await expect(page.getByTestId("health").textContent()).resolves.toMatch(/^complete · /);
    await page.context().close();
  }, 120_000);
});

describe("canvas off", () => {
  test("nothing is fetched or sent for canvases, the replay shows them blank and the health line names them", async () => {
    const res = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/settings/recording`, {
      method: "PATCH",
      json: { canvas: { enabled: false, fps: 2, quality: 0.6 } },
    });
    expect(res.status).toBe(200);
    const { sessionId, requests } = await recordVisit();
    expect(requests.some((u) => u.endsWith("/sdk/canvas.js"))).toBe(false);
    const events = await storedEvents(sessionId);
    expect(events.some((e) => e.type === 2)).toBe(true);
    expect(frames(events)).toHaveLength(0);

    const { page, start, end } = await replay(sessionId, "canvas-off", 1, 3000);
    expect(start.red + start.blue + end.red + end.blue).toBe(0);
    await expect(page.getByTestId("health").textContent()).resolves.toMatch(
      /^this page had 1 canvas element; canvas is not recorded · \d+ chunks? · no gaps/,
    );
    await expect(page.getByTestId("replay-problem").textContent()).resolves.toContain("replays blank");
    await page.context().close();
  }, 120_000);
});

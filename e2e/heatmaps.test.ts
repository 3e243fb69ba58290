import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Heatmap } from "@/lib/heatmaps/query";
import type { RunningApp } from "./helpers/app";
import type { HttpSession } from "./helpers/http";
import { closeStage, openShop, shots } from "./helpers/stage";
import { logIn } from "./helpers/ui";
import { recordingStarted, until } from "./helpers/wait";

/**
 * Heatmaps end to end: visitors shop on /demo with the real SDK at desktop and mobile widths; the
 * Heatmaps page rebuilds /demo from a recorded snapshot in a script-less frame, draws the clicks on
 * the canvas over it, lists the clicked elements with their rage clicks, and toggles layers and widths.
 */

const PASSWORD = "correct horse battery";
let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let projectKey: string;

beforeAll(async () => {
  ({ app, browser, owner, slug, projectKey } = await openShop({
    email: "heat@heatmaps.test",
    workspaceName: "Heat Shop",
    password: PASSWORD,
  }));
}, 900_000);
afterAll(() => closeStage({ app, browser }));

async function visit(viewport: { width: number; height: number }, rage: boolean) {
  const context = await browser.newContext({ viewport, isMobile: viewport.width < 768, hasTouch: false });
  const page = await context.newPage();
  await recordingStarted(page, () => page.goto(`${app.url}/demo?key=${projectKey}`));
  await page.getByText("● Recording this visit").waitFor();
  for (let i = 0; i < 10; i++) await page.mouse.move(100 + i * 30, 200 + i * 10);
  await page.getByRole("button", { name: "Add to cart" }).first().click();
  await page.waitForTimeout(300);
  await page.getByRole("button", { name: "Add to cart" }).nth(1).click();
  if (rage) {
    const coupon = page.getByTestId("dead-button");
    for (let i = 0; i < 4; i++) await coupon.click({ delay: 20 });
  }
  await page.mouse.wheel(0, 400);
  await page.waitForTimeout(1500);
  // Leaving hands the last events to sendBeacon.
  await page.goto("about:blank");
  await page.waitForTimeout(500);
  await context.close();
}

async function heatmapOf(width: string, layer = "clicks"): Promise<Heatmap> {
  const res = await owner.fetch(
    `/api/v1/workspaces/${slug}/heatmaps?path=/demo&width=${width}&layer=${layer}`,
  );
  return ((await res.json()) as { heatmap: Heatmap }).heatmap;
}

/** Pixels of the overlay that hold some heat. */
const paintedPixels = (page: Page) =>
  page.getByTestId("heat-canvas").evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });

test("heatmaps of /demo at desktop and mobile widths, over the rebuilt page, with layers and elements", async () => {
  await visit({ width: 1280, height: 800 }, true);
  await visit({ width: 390, height: 844 }, false);
  await until("both visits' clicks in the heatmaps", async () => {
    const [desktop, mobile] = await Promise.all([heatmapOf("desktop"), heatmapOf("mobile")]);
    return (
      desktop.cells.length > 0 &&
      mobile.cells.length > 0 &&
      desktop.snapshots.length > 0 &&
      mobile.snapshots.length > 0 &&
      desktop.elements.some((e) => e.rage > 0)
    );
  });
  // The SDK measured where in each button the desktop clicks landed.
  await until("the desktop clicks' offsets", async () =>
    (await heatmapOf("desktop", "elements")).elements.some((e) => (e.placed ?? 0) > 0),
  );

  const { context, page } = await logIn(browser, app.url, {
    email: "heat@heatmaps.test",
    password: PASSWORD,
  });
  await page.getByRole("link", { name: "Heatmaps" }).click();
  await page.waitForURL(/\/heatmaps$/);
  await expect(page.getByTestId("heat-path").inputValue()).resolves.toBe("/demo");

  // The frame is the recorded page, rebuilt without scripts.
  const frame = page.getByTestId("heat-backdrop-frame");
  await frame.waitFor();
  await expect(frame.getAttribute("sandbox")).resolves.toBe("allow-same-origin");
  await expect(frame.getAttribute("width")).resolves.toBe("1280");
  const inner = page.frameLocator('[data-testid="heat-backdrop-frame"]');
  await inner.getByText("Outdoor shop").waitFor();
  await expect(inner.getByText("Add to cart").count()).resolves.toBeGreaterThan(0);

  // The overlay and the element list show the clicks.
  await expect.poll(() => paintedPixels(page), { timeout: 10_000 }).toBeGreaterThan(100);
  const rows = page.getByTestId("heat-elements").locator("tbody tr");
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
  const table = (await page.getByTestId("heat-elements").textContent()) ?? "";
  expect(table).toMatch(/button/);
  // The elements' selectors find their elements in the rebuilt page.
  const selectors = await rows.locator("td:first-child").allTextContents();
  for (const selector of selectors) {
    await expect(
      frame.evaluate((f: HTMLIFrameElement, s) => !!f.contentDocument?.querySelector(s), selector),
    ).resolves.toBe(true);
  }
  // Each element links to moments of recordings at its clicks; one opens the player there.
  const moment = rows.first().getByTestId("heat-moments").locator("a").first();
  const href = (await moment.getAttribute("href")) ?? "";
  expect(href).toMatch(new RegExp(`^/${slug}/recordings/[^/?]+\\?at=\\d+$`));
  await page.screenshot({ path: join(shots, "heatmaps-desktop-clicks.png"), fullPage: true });
  const player = await context.newPage();
  await player.goto(`${app.url}${href}`);
  await player.waitForURL(/\/recordings\/[^/?]+\?at=/);
  await expect(player.getByText("Person").first().isVisible()).resolves.toBe(true);
  await player.screenshot({ path: join(shots, "heatmaps-moment-player.png") });
  await player.close();

  // Layers: rage shows the coupon burst; moves and scroll depth draw too.
  const clicksPainted = await paintedPixels(page);
  await page.getByTestId("heat-layer-rage").click();
  await expect.poll(async () => (await paintedPixels(page)) !== clicksPainted).toBe(true);
  expect(await paintedPixels(page)).toBeGreaterThan(0);
  await page.screenshot({ path: join(shots, "heatmaps-desktop-rage.png"), fullPage: true });
  await page.getByTestId("heat-layer-moves").click();
  await expect.poll(() => paintedPixels(page)).toBeGreaterThan(0);
  await page.getByTestId("heat-layer-scroll").click();
  await expect.poll(() => page.getByTestId("heat-summary").textContent()).not.toMatch(/updating/);
  await expect.poll(() => paintedPixels(page)).toBeGreaterThan(1000);
  await page.screenshot({ path: join(shots, "heatmaps-desktop-scroll.png"), fullPage: true });

  // Clicks by element: the desktop clicks (recorded at 1280 px) drawn on the phone's backdrop
  // (390 px, another layout) land inside the buttons they were on.
  await page.getByTestId("heat-layer-elements").click();
  const phone = page.getByTestId("heat-backdrop").locator("option", { hasText: "390px" }).first();
  await phone.waitFor({ state: "attached" });
  await page.getByTestId("heat-backdrop").selectOption((await phone.getAttribute("value"))!);
  await expect.poll(() => frame.getAttribute("width")).toBe("390");
  await inner.getByText("Outdoor shop").waitFor();
  const heatOnButtons = () =>
    page.evaluate(() => {
      const f = document.querySelector<HTMLIFrameElement>('[data-testid="heat-backdrop-frame"]')!;
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="heat-canvas"]')!;
      const ctx = c.getContext("2d")!;
      const buttons = [...(f.contentDocument?.querySelectorAll("button") ?? [])].filter((b) =>
        b.textContent?.includes("Add to cart"),
      );
      let inside = 0;
      let all = 0;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) all++;
      for (const b of buttons.slice(0, 2)) {
        const r = b.getBoundingClientRect();
        const px = ctx.getImageData(
          Math.round(r.left),
          Math.round(r.top),
          Math.round(r.width),
          Math.round(r.height),
        ).data;
        for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) inside++;
      }
      return { inside, all };
    });
  await expect.poll(async () => (await heatOnButtons()).inside, { timeout: 10_000 }).toBeGreaterThan(50);
  await page.screenshot({ path: join(shots, "heatmaps-elements-desktop-on-390.png"), fullPage: true });
  await expect(page.getByTestId("heat-elements").textContent()).resolves.toMatch(/placed/);

  // Mobile: the frame is rebuilt at the phone's width.
  await page.getByTestId("heat-layer-clicks").click();
  await page.getByRole("button", { name: "mobile" }).click();
  await expect.poll(() => frame.getAttribute("width")).toBe("390");
  await inner.getByText("Outdoor shop").waitFor();
  await expect.poll(() => paintedPixels(page), { timeout: 10_000 }).toBeGreaterThan(50);
  await expect
    .poll(() => page.getByTestId("heat-summary").textContent())
    .toMatch(/1 session on \/demo \(mobile\)/);
  await page.screenshot({ path: join(shots, "heatmaps-mobile-clicks.png"), fullPage: true });

  // A filter nobody matches: no heat, no elements.
  await page.getByTestId("heat-filter").fill("browser:safari");
  await page.getByTestId("heat-filter").press("Enter");
  await expect.poll(() => page.getByTestId("heat-summary").textContent()).toMatch(/^0 sessions/);
  await page.getByText("No clicks on named elements in this range.").waitFor();
  await context.close();
}, 900_000);

test("the pages the UI kit moved render: integrations, recordings (time range, activity), errors (trend)", async () => {
  const { context, page } = await logIn(browser, app.url, {
    email: "heat@heatmaps.test",
    password: PASSWORD,
  });
  await page.goto(`${app.url}/${slug}/settings/integrations`);
  await page.getByText("Delivery log").waitFor();
  await page.getByText("Nothing sent yet.").waitFor();
  await page.screenshot({ path: join(shots, "kit-integrations.png"), fullPage: true });
  await page.goto(`${app.url}/${slug}/recordings`);
  await page.getByRole("group", { name: "When the sessions started" }).waitFor();
  await page.getByLabel("Time range").selectOption({ label: "Last 7 days" });
  await page.waitForURL(/after/);
  await page.screenshot({ path: join(shots, "kit-recordings-range.png"), fullPage: true });
  await page.goto(`${app.url}/${slug}/errors`);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(shots, "kit-errors.png"), fullPage: true });
  await context.close();
}, 300_000);

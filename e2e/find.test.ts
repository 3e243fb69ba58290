import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunningApp } from "./helpers/app";
import { closeStage, openStage, shots } from "./helpers/stage";

/** Finding recordings in Chromium: search, sort, a shareable URL, parse errors and empty results. */

const root = join(import.meta.dirname, "..");
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await openStage());
});
afterAll(() => closeStage({ app, browser }));

async function logIn(page: Page, returnTo: string) {
  await page.goto(`${app.url}/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel("Email").fill("finder@find.test");
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${app.url}${returnTo}`);
}

const rowIds = (page: Page) =>
  page.locator("[data-session-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session-id")));

test("search, sort and share a list of recordings", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${app.url}/signup`);
  await page.getByLabel("Work email").fill("finder@find.test");
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByLabel("Workspace name").fill("Find Shop");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/find-shop\/recordings$/);
  execFileSync(
    process.execPath,
    ["--import", "tsx", "scripts/seed.ts", "--workspace", "find-shop", "--sessions", "600"],
    {
      cwd: root,
      env: { ...process.env, DATA_DIR: app.dataDir, REDIS_URL: "" },
      stdio: "pipe",
    },
  );

  await page.reload();
  expect(await page.locator("[data-session-id]").count()).toBe(50);
  // The keyboard moves through rows: j down, k up.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  // Keys pressed before the list has hydrated do nothing: press j until the first row has focus.
  await expect
    .poll(
      async () => {
        await page.keyboard.press("j");
        return page.evaluate(() => Boolean(document.activeElement?.closest("[data-session-id]")));
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBe(true);
  for (const key of ["j", "j", "k"]) await page.keyboard.press(key);
  const focused = await page.evaluate(() =>
    document.activeElement?.closest("[data-session-id]")?.getAttribute("data-session-id"),
  );
  expect(focused).toBe((await rowIds(page))[1]);
  // Later pages arrive through the JSON API and append, without repeats.
  await page.getByTestId("load-more").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-session-id]").length === 100);
  const hundred = await rowIds(page);
  expect(new Set(hundred).size).toBe(100);
  await page.getByLabel("Search recordings").fill("device:mobile has:errors");
  await page.getByLabel("Search recordings").press("Enter");
  await page.waitForURL(/q=device%3Amobile\+has%3Aerrors/);
  await page.getByLabel("Sort").selectOption("duration");
  await page.waitForURL(/sort=duration/);
  const ids = await rowIds(page);
  expect(ids.length).toBeGreaterThan(0);
  for (const row of await page.locator("[data-session-id]").all())
    await expect(row.textContent()).resolves.toMatch(/mobile/);
  await expect(page.getByTestId("metrics").textContent()).resolves.toMatch(/Error rate100%/);
  await page.screenshot({ path: join(shots, "find-list.png"), fullPage: true });

  // The URL carries the whole state: another browser gets the same list.
  const shared = page.url().replace(app.url, "");
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const second = await other.newPage();
  await logIn(second, shared);
  await second.locator("[data-session-id]").first().waitFor();
  expect(await rowIds(second)).toEqual(ids);
  await other.close();

  await page.goBack();
  await page.waitForURL((u) => !u.search.includes("sort="));

  // The filter menus and the search box edit the same search.
  await expect(page.getByLabel("Device").inputValue()).resolves.toBe("mobile");
  await page.getByLabel("Device").selectOption("tablet");
  await page.waitForURL(/device%3Atablet/);
  await expect(page.getByLabel("Search recordings").inputValue()).resolves.toBe("has:errors device:tablet");
  for (const row of await page.locator("[data-session-id]").all())
    await expect(row.textContent()).resolves.toMatch(/tablet/);
  await page.getByLabel("Errors").selectOption("");
  await page.waitForURL((u) => u.searchParams.get("q") === "device:tablet");

  await page.getByRole("combobox", { name: "Time range" }).selectOption({ label: "Last 7 days" });
  await page.waitForURL((u) => /device:tablet after:\d{4}-\d{2}-\d{2}T/.test(u.searchParams.get("q") ?? ""));
  for (const when of await page.locator("[data-session-id] time").all()) {
    await expect(when.textContent()).resolves.toMatch(/just now|min ago|h ago|^[1-7] d ago/);
  }

  await page.getByLabel("Search recordings").fill("country:ZZ");
  await page.getByLabel("Search recordings").press("Enter");
  await page.getByTestId("no-matches").waitFor();
  await page.screenshot({ path: join(shots, "find-empty.png") });

  await page.getByLabel("Search recordings").fill("has:errors duraton:>5m");
  await page.getByLabel("Search recordings").press("Enter");
  await page.getByTestId("search-error").waitFor();
  await expect(page.getByTestId("search-error").textContent()).resolves.toContain('did you mean "duration:"');
  await page.screenshot({ path: join(shots, "find-error.png") });
  await context.close();
}, 120_000);

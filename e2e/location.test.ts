import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";
import { launchChromium } from "./helpers/browser";
import { projectKeyOf, signUp } from "./helpers/http";
import { closeStage, shots } from "./helpers/stage";
import { logIn } from "./helpers/ui";
import { until } from "./helpers/wait";

/**
 * Location without a CDN: behind a proxy we trust (TRUST_PROXY), a visitor whose address is in the
 * United Kingdom records with the real SDK; the list shows GB and the Country picker offers the
 * United Kingdom with its count, from the offline database — no edge header, no network lookup.
 */

const PASSWORD = "correct horse battery";
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp({ env: { TRUST_PROXY: "127.0.0.1" } });
  browser = await launchChromium();
}, 300_000);
afterAll(() => closeStage({ app, browser }));

test("a visit from a known address is placed in its country and offered by the picker", async () => {
  const { session, workspace } = await signUp(app.url, {
    email: "owner@geo.test",
    password: PASSWORD,
    workspaceName: "Geo Shop",
  });
  const projectKey = await projectKeyOf(session, workspace.slug);
  // The proxy in front of the app appends the visitor's address: 81.2.69.142 is in the UK.
  const visitor = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "81.2.69.142" } });
  const shopPage = await visitor.newPage();
  await shopPage.goto(`${app.url}/demo?key=${projectKey}`);
  await shopPage.getByText("● Recording this visit").waitFor();
  await shopPage.getByRole("button", { name: "Add to cart" }).first().click();
  await shopPage.waitForTimeout(800);
  await shopPage.goto("about:blank");
  await visitor.close();

  const { context, page } = await logIn(browser, app.url, { email: "owner@geo.test", password: PASSWORD });
  await until("the visit in the list", async () => {
    await page.goto(`${app.url}/${workspace.slug}/recordings`);
    return (await page.locator("[data-session-id]").count()) > 0;
  });
  await expect.poll(() => page.locator("[data-session-id]").first().textContent()).toContain("GB");
  const picker = page.getByLabel("Country");
  expect(await picker.locator("option").allInnerTexts()).toEqual(["Country: any", "United Kingdom (1)"]);
  await picker.selectOption("gb");
  await page.waitForURL(/q=country%3AGB/);
  expect(await page.locator("[data-session-id]").count()).toBe(1);
  await page.screenshot({ path: join(shots, "location-country-picker.png") });
  await context.close();
});

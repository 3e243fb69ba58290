import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

/** A fresh browser context logged in through the login form, on the page the login lands on. */
export async function logIn(
  browser: Browser,
  appUrl: string,
  credentials: { email: string; password: string },
  viewport = { width: 1440, height: 1000 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${appUrl}/login`);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/recordings/);
  return { context, page };
}

/** The player's playhead in milliseconds from the recording's start. */
export const playhead = async (page: Page) =>
  Number(await page.getByTestId("scrubber").getAttribute("aria-valuenow"));

/**
 * On Settings → Privacy, previews masking level 2 on the recorded /demo page (before saving) and
 * checks the shop's text is hidden in the preview.
 */
export async function previewLevel2OnDemo(page: Page, appUrl: string, slug: string): Promise<void> {
  await page.goto(`${appUrl}/${slug}/settings/privacy`);
  await page.locator("[data-level='2']").check();
  await page.getByLabel("Page", { exact: true }).selectOption("/demo");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.frameLocator("[data-testid=preview-frame]");
  await preview.locator("body").waitFor({ timeout: 20_000 });
  expect(await preview.locator("body").textContent()).not.toContain("Add to cart");
}

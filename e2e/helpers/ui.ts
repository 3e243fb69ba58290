import type { Browser, BrowserContext, Page } from "playwright-core";

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

import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "./helpers/app";
import { hasChromium } from "./helpers/browser";
import { closeStage, openStage, shots } from "./helpers/stage";

/** Accounts end to end in Chromium: sign up, invite a viewer, role limits, promotion. */

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await openStage());
});
afterAll(() => closeStage({ app, browser }));

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

describe.skipIf(!hasChromium() && !process.env.CI)("accounts in the browser", () => {
  test("sign up, invite a viewer who accepts, viewer limits, promotion to admin", async () => {
    const owner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await owner.newPage();

    await page.goto(`${app.url}/signup`);
    await shot(page, "signup");
    await page.getByLabel("Your name").fill("Olivia Owner");
    await page.getByLabel("Work email").fill("olivia@acme.test");
    await page.getByLabel("Password").fill("a long owner password");
    await page.getByLabel("Workspace name").fill("Acme Shop");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(`${app.url}/acme-shop/recordings`);
    await page.getByText("No recordings yet").waitFor();
    await shot(page, "recordings-empty");

    await page.goto(`${app.url}/acme-shop/settings/members`);
    await page.getByLabel("Email").fill("victor@acme.test");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Invite" }).click();
    const link = await page.getByLabel("Invite link", { exact: true }).inputValue();
    expect(link).toMatch(/\/invite\/inv_/);
    await shot(page, "members");
    // The link stays copyable from the pending list until it is accepted.
    await page.reload();
    await owner.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    await page.getByRole("button", { name: "Copy invite link for victor@acme.test" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await shot(page, "members-pending-invite");

    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const viewer = await viewerContext.newPage();
    await viewer.goto(link);
    await viewer.getByLabel("Your name").fill("Victor Viewer");
    await viewer.getByLabel("Password").fill("a long viewer password");
    await viewer.getByRole("button", { name: "Create account and join" }).click();
    await viewer.waitForURL(`${app.url}/acme-shop/recordings`);
    await shot(viewer, "viewer-recordings");
    // A viewer reads the privacy settings but finds nothing to change, and no admin pages.
    await viewer.getByRole("link", { name: "Settings" }).click();
    await viewer.waitForURL(/\/settings\/privacy$/);
    await viewer.getByText("only admins and owners change them").waitFor();
    expect(await viewer.getByRole("button", { name: "Save privacy settings" }).count()).toBe(0);
    for (const name of ["General", "Members", "Retention", "Recording", "Usage"]) {
      expect(
        await viewer.getByRole("navigation", { name: "Settings" }).getByRole("link", { name }).count(),
      ).toBe(0);
    }

    // A viewer may make personal API keys (the API allows it), so the page is there for them too.
    await viewer
      .getByRole("navigation", { name: "Settings" })
      .getByRole("link", { name: "API keys" })
      .click();
    await viewer.waitForURL(/\/settings\/keys$/);
    await viewer.getByLabel("Name").fill("Viewer export");
    await viewer.getByRole("button", { name: "Create key" }).click();
    expect(await viewer.getByLabel("New API key").inputValue()).toMatch(/^rk_/);

    // The UI hides settings from a viewer; the server refuses a forged request anyway.
    const forged = await viewer.evaluate(async () => {
      const res = await fetch("/api/v1/workspaces/acme-shop", {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Hijacked" }),
      });
      return { status: res.status, body: await res.json() };
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe("forbidden");

    await page.reload();
    await page.getByLabel("Role of victor@acme.test").selectOption("admin");
    await expect(page.getByText("victor@acme.test is now admin.").waitFor()).resolves.toBeUndefined();

    const asAdmin = await viewer.evaluate(async () => {
      const res = await fetch("/api/v1/workspaces/acme-shop/invites", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "mia@acme.test", role: "member" }),
      });
      return res.status;
    });
    expect(asAdmin).toBe(201);
    await viewer.goto(`${app.url}/acme-shop/settings/members`);
    await viewer.getByText("mia@acme.test").first().waitFor();

    await page.goto(`${app.url}/acme-shop/settings/keys`);
    await page.getByLabel("Name").fill("Support tool");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByLabel("New API key").inputValue();
    expect(key).toMatch(/^rk_/);
    await shot(page, "keys");
    const withKey = await fetch(`${app.url}/api/v1/workspaces/acme-shop/members`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(withKey.status).toBe(200);

    await owner.close();
    await viewerContext.close();
  });

  test("a wrong password shows one generic message", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel("Email").fill("nobody@acme.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("That email and password do not match an account.").waitFor();
    await shot(page, "login-error");
    await context.close();
  });

  test("an anonymous visit to a dashboard page goes to log in and comes back", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/acme-shop/settings/members`);
    expect(page.url()).toBe(`${app.url}/login?callbackUrl=%2Facme-shop%2Fsettings%2Fmembers`);
    await page.getByLabel("Email").fill("olivia@acme.test");
    await page.getByLabel("Password").fill("a long owner password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${app.url}/acme-shop/settings/members`);
    await context.close();
  });
});

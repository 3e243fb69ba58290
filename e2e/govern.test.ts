import { join } from "node:path";
import { expect, test } from "vitest";
import { E2E_CRON_SECRET } from "./helpers/app";
import { shopForFile, shots } from "./helpers/stage";
import { logIn, previewLevel2OnDemo } from "./helpers/ui";
import { bodyText, recordingStarted, until } from "./helpers/wait";

/**
 * Govern and share in a real browser: a search saved as a playlist, shared, opened in a fresh
 * context (which reaches nothing but that playlist), revoked; masking level 2 set in Settings and a
 * new visit to /demo recorded with its text masked, checked on the SDK's own requests and in replay.
 */

const PASSWORD = "correct horse battery";
const SHOPPER = "dana@govern.test";
const SECRET_PLAN = "plan-zebra-42";

const shop = shopForFile({
  email: "admin@govern.test",
  workspaceName: "Govern Shop",
  password: PASSWORD,
});

/** One visit to /demo with the real SDK; returns what the SDK sent to ingest, decoded. */
async function visitDemo(identify?: { id: string; plan: string }): Promise<string> {
  const context = await shop.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/v1/ingest")) sent.push(bodyText(r));
  });
  await recordingStarted(page, () => page.goto(`${shop.app.url}/demo?key=${shop.projectKey}`));
  await page.getByText("● Recording this visit").waitFor();
  if (identify) {
    await page.evaluate(
      ({ id, plan }) =>
        (window as unknown as { rewind: { identify(id: string, p: object): void } }).rewind.identify(id, {
          plan,
        }),
      identify,
    );
  }
  await page.getByRole("button", { name: "Add to cart" }).first().click();
  await page.waitForTimeout(1200);
  await page.getByRole("button", { name: "Checkout" }).click();
  await page.waitForTimeout(1500);
  await page.goto("about:blank");
  await page.waitForTimeout(800);
  await context.close();
  return sent.join("\n");
}

const listed = async (q: string) =>
  (
    (await (
      await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/recordings?${new URLSearchParams({ q })}`)
    ).json()) as {
      sessions: { id: string }[];
    }
  ).sessions;

test("a saved search becomes a playlist, its link opens only that playlist, and revoking ends it", async () => {
  await visitDemo({ id: SHOPPER, plan: SECRET_PLAN });
  const [recorded] = await until("the visit listed", async () => {
    const s = await listed(`user:${SHOPPER}`);
    return s.length > 0 && s;
  });

  const { context, page } = await logIn(shop.browser, shop.app.url, {
    email: "admin@govern.test",
    password: PASSWORD,
  });
  // Turn sharing on (off by default).
  await page.goto(`${shop.app.url}/${shop.slug}/settings/sharing`);
  await page.getByLabel("Allow share links").check();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved.").waitFor();

  // Save the search as a playlist from the recordings page.
  await page.goto(
    `${shop.app.url}/${shop.slug}/recordings?${new URLSearchParams({ q: "page:/demo/checkout" })}`,
  );
  await page.getByTestId("save-as-playlist").click();
  const dialog = page.getByRole("dialog", { name: "Save as playlist" });
  // A modal: Escape closes it and focus returns to the button that opened it.
  await dialog.waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  expect(await page.getByTestId("save-as-playlist").evaluate((el) => el === document.activeElement)).toBe(
    true,
  );
  await page.getByTestId("save-as-playlist").click();
  await dialog.getByLabel("Name").fill("Checkout visits");
  await dialog.getByLabel("Description").fill("Everyone who reached checkout");
  expect(await dialog.getByLabel("Search").inputValue()).toBe("page:/demo/checkout");
  await dialog.getByRole("button", { name: "Save playlist" }).click();
  await page.waitForURL(/\/playlists\/pl_/);
  await page.getByTestId("playlist-recordings").getByRole("link", { name: SHOPPER }).waitFor();
  await page.screenshot({ path: join(shots, "playlist.png") });

  // Play through: the player shows the playlist position.
  await page.getByTestId("play-all").click();
  await page.getByTestId("queue").getByText("1 of 1 in Checkout visits").waitFor();
  await page.goBack();

  // Pin it by hand from the list too: the playlist then shows it as pinned.
  await page.goto(`${shop.app.url}/${shop.slug}/recordings`);
  await page
    .locator(`[data-session-id="${recorded!.id}"]`)
    .getByRole("button", { name: "Add to playlist" })
    .click();
  await page.getByRole("button", { name: "Pin", exact: true }).click();
  await page.getByRole("button", { name: "✓ Pinned" }).waitFor();
  await page.goto(`${shop.app.url}/${shop.slug}/playlists`);
  await page.getByRole("link", { name: "Checkout visits" }).click();
  await page.getByTestId("playlist-recordings").getByRole("button", { name: "Unpin" }).waitFor();

  // Share it.
  await page.getByTestId("share-open").click();
  await page.getByLabel("Link expires after").selectOption("1d");
  expect(await page.getByLabel("Link expires after").locator("option").allTextContents()).not.toContain(
    "Never",
  );
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByLabel("Share link").inputValue();
  expect(link).toMatch(/\/share\/shr_[A-Za-z0-9_-]{32}$/);

  // A stranger's fresh browser: the player and the playlist, nothing of the workspace or the person.
  const stranger = await shop.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const view = await stranger.newPage();
  const requests: string[] = [];
  const bodies: string[] = [];
  view.on("request", (r) => requests.push(r.url()));
  view.on("response", async (r) => {
    if (r.url().startsWith(shop.app.url) && r.request().resourceType() !== "image") {
      bodies.push(await r.text().catch(() => ""));
    }
  });
  await view.goto(link, { waitUntil: "commit" });
  await view.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  await view.getByRole("heading", { name: "Checkout visits" }).waitFor();
  await view.waitForTimeout(1500);
  await view.screenshot({ path: join(shots, "share-page.png") });
  const ours = requests.filter((u) => u.startsWith(shop.app.url)).map((u) => new URL(u).pathname);
  expect(ours.some((p) => p.startsWith("/api/share/"))).toBe(true);
  expect(ours.filter((p) => p.startsWith("/api/v1/") || p.startsWith(`/${shop.slug}`))).toEqual([]);
  const chunkPaths = ours.filter((p) => p.startsWith("/api/share/"));
  expect(chunkPaths.filter((p) => !p.includes(`/recordings/${recorded!.id}/`))).toEqual([]);
  const hrefs = await view
    .locator("a[href]")
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  for (const href of hrefs.filter((h) => h.startsWith(shop.app.url))) {
    expect(new URL(href).pathname).toMatch(/^\/share\/shr_/);
  }
  const html = await view.content();
  for (const text of [...bodies, html]) {
    expect(text).not.toContain(SECRET_PLAN);
    expect(text).not.toContain(SHOPPER);
  }

  // Settings list the link with its view; revoking it ends it at once.
  await page.goto(`${shop.app.url}/${shop.slug}/settings/sharing`);
  const row = page.getByTestId("share-links").locator("tbody tr");
  expect(await row.count()).toBe(1);
  expect((await row.locator("td").nth(3).textContent())?.trim()).toBe("1");
  await page.screenshot({ path: join(shots, "settings-sharing.png") });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByTestId("no-links").waitFor();
  await view.reload();
  await view.getByTestId("share-gone").waitFor();
  expect(await view.content()).not.toContain("Checkout visits");
  await stranger.close();
  await context.close();
}, 180_000);

test("masking level 2 set in Settings reaches an open page within a minute and masks every later visit before it leaves the browser", async () => {
  const { context, page } = await logIn(shop.browser, shop.app.url, {
    email: "admin@govern.test",
    password: PASSWORD,
  });
  // The preview shows what level 2 would hide on a recorded page, before saving.
  await previewLevel2OnDemo(page, shop.app.url, shop.slug);
  await page.screenshot({ path: join(shots, "settings-privacy-preview.png"), fullPage: true });
  // A visitor already on the site when the setting changes.
  const open = await shop.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visitor = await open.newPage();
  const visitorSent: string[] = [];
  visitor.on("request", (r) => {
    if (r.url().includes("/api/v1/ingest")) visitorSent.push(bodyText(r));
  });
  await visitor.goto(`${shop.app.url}/demo?key=${shop.projectKey}`);
  await visitor.getByText("● Recording this visit").waitFor();
  // Its first snapshot, unmasked text and all, has left under level 1.
  await until("the open page's first snapshot", async () => visitorSent.some((b) => b.includes('"type":2')));
  expect(visitorSent.join("")).toContain("Outdoor shop");
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await page.getByText("Saved. SDKs pick this up").waitFor();
  const sentBeforeSave = visitorSent.length;
  // Within a minute the open page reads the config again and snapshots the page anew, masked.
  const resnapshot = await until(
    "a new full snapshot from the open page",
    async () => visitorSent.slice(sentBeforeSave).find((b) => b.includes('"type":2')) ?? false,
    75_000,
  );
  for (const text of ["Outdoor shop", "Add to cart"]) expect(resnapshot).not.toContain(text);
  await open.close();
  const config = (await (await fetch(`${shop.app.url}/api/v1/config?k=${shop.projectKey}`)).json()) as {
    masking: { level: number };
  };
  expect(config.masking.level).toBe(2);

  const before = new Set((await listed("")).map((s) => s.id));
  const sent = await visitDemo();
  // The page's text never left the browser.
  expect(sent).toContain("$pageview");
  for (const text of ["Outdoor shop", "Add to cart", "Checkout"]) expect(sent).not.toContain(text);
  const fresh = await until("the masked visit listed", async () => {
    const s = (await listed("")).filter((x) => !before.has(x.id));
    return s[0] ?? false;
  });
  await page.goto(`${shop.app.url}/${shop.slug}/recordings/${fresh.id}`, { waitUntil: "commit" });
  await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  const replayText = await page.frameLocator("[data-testid=player] iframe").locator("body").textContent();
  expect(replayText ?? "").not.toContain("Outdoor shop");
  expect(replayText ?? "").toMatch(/\*{3,}/);
  await page.screenshot({ path: join(shots, "player-masked-level2.png") });
  await context.close();
}, 240_000);

test("the retention purge answers to CRON_SECRET and reports on the settings page", async () => {
  const denied = await fetch(`${shop.app.url}/api/cron/retention`, { method: "POST" });
  expect(denied.status).toBe(401);
  const ran = await fetch(`${shop.app.url}/api/cron/retention`, {
    method: "POST",
    headers: { authorization: `Bearer ${E2E_CRON_SECRET}` },
  });
  expect(ran.status).toBe(200);
  expect(await ran.json()).toMatchObject({ ok: true, ran: true, sessions: 0 });
  const { context, page } = await logIn(shop.browser, shop.app.url, {
    email: "admin@govern.test",
    password: PASSWORD,
  });
  await page.goto(`${shop.app.url}/${shop.slug}/settings/retention`);
  await page.getByTestId("purge-status").getByText("0 recordings").first().waitFor();
  await page.getByLabel("Custom number of days").fill("1");
  await page.getByLabel("Also shorten recordings").check();
  await page.getByText("No recording is old enough to be deleted by this change yet").waitFor();
  await page.screenshot({ path: join(shots, "settings-retention.png"), fullPage: true });
  await context.close();
}, 60_000);

import { join } from "node:path";
import { expect, test } from "vitest";
import { batch, click, fullSnapshot, meta, moves, pageview } from "../tests/helpers/batches";
import { signUp } from "./helpers/http";
import { ingestAll } from "./helpers/long-recording";
import { shopForFile, shots } from "./helpers/stage";
import { logIn } from "./helpers/ui";
import { recordingStarted, until } from "./helpers/wait";

/**
 * The small ones of #22 item 8 in a real browser: deleting a person's recordings lands on their
 * page; a retention change that would delete asks first and names what goes, and "Purge now"
 * deletes what expired; Revoke on a pending invite ends its link; the watched dot has its legend.
 */

const PASSWORD = "correct horse battery";
const OWNER = "owner@small.test";
const DAY = 24 * 3600_000;

const shop = shopForFile({ email: OWNER, workspaceName: "Small Ones", password: PASSWORD });

/** One short recording of `distinctId` started at `at`, sent to ingest as the SDK would. */
async function record(distinctId: string, at: number, url = "https://small.example/"): Promise<string> {
  const b = batch(
    [
      meta(at, url),
      fullSnapshot(at + 1),
      pageview(at + 2, url),
      moves(at + 500, [100, 140, 180]),
      click(at + 1500),
      click(at + 4000, 300, 200),
    ],
    { distinctId },
  );
  await ingestAll(shop.app.url, shop.projectKey, [b]);
  return b.sessionId;
}

const sessionsOf = async (q: string) =>
  (
    (await (
      await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/recordings?${new URLSearchParams({ q })}`)
    ).json()) as { sessions: { id: string }[] }
  ).sessions.map((s) => s.id);

const listedSoon = (what: string, q: string, ids: string[]) =>
  until(what, async () => {
    const listed = await sessionsOf(q);
    return ids.every((id) => listed.includes(id));
  });

test("deleting a person's recordings lands on that person's page saying what went", async () => {
  const person = "pat@small.test";
  const ids = [await record(person, Date.now() - 120_000), await record(person, Date.now() - 60_000)];
  await listedSoon("Pat's recordings listed", `user:${person}`, ids);

  const { context, page } = await logIn(shop.browser, shop.app.url, { email: OWNER, password: PASSWORD });
  const personPath = `/${shop.slug}/persons/${encodeURIComponent(person)}`;
  await page.goto(`${shop.app.url}${personPath}`);
  await page.getByRole("button", { name: "Delete their recordings…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete their recordings?" });
  await dialog.getByText(`Delete all 2 recordings of ${person}`).waitFor();
  await dialog.getByRole("button", { name: "Delete their recordings" }).click();

  await page.waitForURL((u) => u.pathname === personPath && u.searchParams.get("deleted") === "2");
  await page.getByRole("status").getByText("Deleted 2 recordings with their events.").waitFor();
  expect(await page.getByText("This page does not exist").count()).toBe(0);
  expect(await page.getByRole("heading", { name: person }).count()).toBe(1);
  await page.screenshot({ path: join(shots, "person-recordings-deleted.png") });
  expect(await sessionsOf(`user:${person}`)).toEqual([]);
  await context.close();
}, 120_000);

test("a retention change that would delete asks first, naming what goes; Purge now (admin) deletes it", async () => {
  // An admin, not the owner, does it: "Purge now" is for every role with settings:write.
  const admin = "ada@small.test";
  const invited = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/invites`, {
    json: { email: admin, role: "admin" },
  });
  expect(invited.status).toBe(201);
  const { url } = (await invited.json()) as { url: string };
  await signUp(shop.app.url, { email: admin, password: PASSWORD, inviteToken: url.split("/invite/")[1] });

  const now = Date.now();
  const old = [
    await record("old-1@small.test", now - 3 * DAY),
    await record("old-2@small.test", now - 2 * DAY - 3600_000),
  ];
  const fresh = await record("fresh@small.test", now - 60_000);
  await listedSoon("the three recordings listed", "", [...old, fresh]);

  const { context, page } = await logIn(shop.browser, shop.app.url, { email: admin, password: PASSWORD });
  await page.goto(`${shop.app.url}/${shop.slug}/settings/retention`);
  // Nothing has expired under the current 30 days.
  await page.getByRole("button", { name: "Purge now" }).waitFor();
  expect(await page.getByRole("button", { name: "Purge now" }).isDisabled()).toBe(true);

  await page.getByLabel("Custom number of days").fill("1");
  await page.getByLabel("Also shorten recordings").check();
  const cutoff = new Date(now - DAY).toISOString().slice(0, 10);
  const warning = page.getByText("The next purge will delete 2 recordings");
  await warning.waitFor();
  // It says which recordings: the two started before the new limit, by date.
  expect(await warning.textContent()).toContain(`recorded before ${cutoff}`);

  // The first click only asks; nothing is saved or deleted yet.
  await page.getByRole("button", { name: "Save retention" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Confirm deletion" });
  await confirm.waitFor();
  expect(
    (
      (await (await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/settings/retention`)).json()) as {
        retention: { capDays: number | null };
      }
    ).retention.capDays,
  ).toBe(null);
  await page.screenshot({ path: join(shots, "retention-confirm.png"), fullPage: true });
  await confirm.getByRole("button", { name: "Delete 2 recordings and save" }).click();

  // Saved: the purge card now counts them as expired, and Purge now deletes exactly those.
  const status = page.getByTestId("purge-status");
  await status.getByText("2 recordings", { exact: true }).waitFor();
  expect(await sessionsOf("")).toEqual(expect.arrayContaining([...old, fresh]));
  await page.getByRole("button", { name: "Purge now" }).click();
  await page.getByText("Deleted 2 expired recordings.").waitFor();
  await status.getByText("0 recordings", { exact: true }).waitFor();
  await page.screenshot({ path: join(shots, "retention-purged.png"), fullPage: true });
  expect(await sessionsOf("")).toEqual([fresh]);
  for (const id of old) {
    expect((await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/recordings/${id}`)).status).toBe(404);
  }
  await context.close();
}, 180_000);

test("Revoke on a pending invite ends its link", async () => {
  const { context, page } = await logIn(shop.browser, shop.app.url, { email: OWNER, password: PASSWORD });
  await page.goto(`${shop.app.url}/${shop.slug}/settings/members`);
  await page.getByLabel("Email").fill("rae@small.test");
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = await page.getByLabel("Invite link", { exact: true }).inputValue();
  const token = link.split("/invite/")[1]!;

  const pending = page.getByRole("listitem").filter({ hasText: "rae@small.test" });
  await pending.getByRole("button", { name: "Revoke" }).click();
  await page.getByText("The invite to rae@small.test was revoked.").waitFor();
  await pending.waitFor({ state: "detached" });

  // The link opens a page saying so, and joining with it is refused.
  const stranger = await shop.browser.newContext();
  const view = await stranger.newPage();
  await view.goto(link);
  await view.getByRole("heading", { name: "This invite is no longer valid" }).waitFor();
  expect(await view.getByLabel("Password").count()).toBe(0);
  await stranger.close();
  const join = await fetch(`${shop.app.url}/api/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "rae@small.test", password: PASSWORD, inviteToken: token, name: "" }),
  });
  expect(join.status).toBeGreaterThanOrEqual(400);
  const members = (await (await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/members`)).json()) as {
    members: { email: string }[];
  };
  expect(members.members.map((m) => m.email)).not.toContain("rae@small.test");
  await context.close();
}, 120_000);

test("the list's legend says what the dot means, and watching a recording clears its dot", async () => {
  const person = "wren@small.test";
  const id = await record(person, Date.now() - 30_000);
  await listedSoon("Wren's recording listed", `user:${person}`, [id]);

  const { context, page } = await logIn(shop.browser, shop.app.url, { email: OWNER, password: PASSWORD });
  const list = `${shop.app.url}/${shop.slug}/recordings?${new URLSearchParams({ q: `user:${person}` })}`;
  await page.goto(list);
  const legend = page.getByTestId("watched-legend");
  await legend.waitFor();
  expect(await legend.isVisible()).toBe(true);
  expect(await legend.textContent()).toContain("not watched by you yet");
  const dot = page.locator(`[data-session-id="${id}"] [data-watched]`);
  expect(await dot.getAttribute("data-watched")).toBe("no");
  // The legend's dot is the rows' unwatched dot.
  const colour = (el: Element) => getComputedStyle(el).backgroundColor;
  expect(await legend.locator("[aria-hidden]").evaluate(colour)).toBe(await dot.evaluate(colour));

  await page.goto(`${shop.app.url}/${shop.slug}/recordings/${id}`);
  await page.goto(list);
  await expect.poll(() => dot.getAttribute("data-watched")).toBe("yes");
  expect(await dot.evaluate(colour)).not.toBe(await legend.locator("[aria-hidden]").evaluate(colour));
  await page.screenshot({ path: join(shots, "watched-legend.png") });
  await context.close();
}, 120_000);

test("the flow to an end page counts back from it, and each page, link and drop-in lists exactly its count", async () => {
  // Five visits; four reach /checkout, one of them straight in, one leaving it and coming back.
  const visits = [
    ["/", "/pricing", "/checkout"],
    ["/blog", "/pricing", "/checkout", "/docs", "/checkout"],
    ["/pricing", "/checkout"],
    ["/checkout"],
    ["/", "/docs"],
  ];
  const start = Date.now() - 10 * 60_000;
  const batches = visits.map((pages, v) => {
    const at = start + v * 60_000;
    const url = (p: string) => `https://flow.example${p}`;
    return batch(
      [
        meta(at, url(pages[0]!)),
        fullSnapshot(at + 1),
        ...pages.flatMap((p, i) => [pageview(at + 2 + i * 5000, url(p)), click(at + 1000 + i * 5000)]),
      ],
      { distinctId: `flow-${v}@small.test` },
    );
  });
  await ingestAll(shop.app.url, shop.projectKey, batches);
  await listedSoon(
    "the five visits listed",
    "page:=/checkout OR page:=/docs",
    batches.map((b) => b.sessionId),
  );

  const { context, page } = await logIn(shop.browser, shop.app.url, { email: OWNER, password: PASSWORD });
  await page.goto(`${shop.app.url}/${shop.slug}/analytics?range=7`);
  const form = page.getByRole("form", { name: "Flow anchor" });
  await form.getByLabel("Paths").selectOption("to");
  await form.getByLabel("Page").selectOption("/checkout");
  await form.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/flow=to/);
  await page.getByRole("heading", { name: "Paths to /checkout, 2 pages back" }).waitFor();
  const flow = page.getByTestId("page-flow");
  expect(await flow.locator("figcaption").textContent()).toContain("4 visits that reached /checkout");
  await page.screenshot({ path: join(shots, "flow-to-end-page.png"), fullPage: true });

  /** The recordings a diagram element opens, counted in the list it opens. */
  const listedBy = async (selector: string): Promise<number> => {
    const href = await flow.locator(selector).getAttribute("href");
    expect(href, selector).toBeTruthy();
    await page.goto(`${shop.app.url}${href}`);
    await page.getByTestId("recordings").waitFor();
    return page.locator("[data-session-id]").count();
  };
  const back = page.url();
  const expected: [string, number][] = [
    ['[data-flow-node="0:/checkout"]', 4],
    ['[data-flow-entry="0:/checkout"]', 1],
    ['[data-flow-node="1:/pricing"]', 3],
    ['[data-flow-entry="1:/pricing"]', 1],
    ['[data-flow-node="2:/blog"]', 1],
    ['[data-flow-link="/pricing → /checkout: 3 sessions"]', 3],
    ['[data-flow-link="/blog → /pricing: 1 sessions"]', 1],
  ];
  for (const [selector, count] of expected) {
    await page.goto(back);
    expect(await listedBy(selector), selector).toBe(count);
  }
  // /docs came only after a first arrival at /checkout: no node for it.
  await page.goto(back);
  expect(await flow.locator('[data-flow-node$=":/docs"]').count()).toBe(0);
  await context.close();
}, 180_000);

test("a recorded visit's sentence names its custom events and the button rage-clicked", async () => {
  const person = "sam@small.test";
  const visitor = await shop.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const shopPage = await visitor.newPage();
  await recordingStarted(shopPage, () => shopPage.goto(`${shop.app.url}/demo?key=${shop.projectKey}`));
  await shopPage.getByText("● Recording this visit").waitFor();
  await shopPage.evaluate((id) => {
    const rewind = (
      window as unknown as {
        rewind: { identify(id: string): void; capture(name: string, p?: object): void };
      }
    ).rewind;
    rewind.identify(id);
    rewind.capture("applied_coupon", { code: "A" });
    rewind.capture("applied_coupon", { code: "B" });
  }, person);
  const button = shopPage.getByRole("button", { name: "Add to cart" }).first();
  for (let i = 0; i < 4; i++) await button.click({ delay: 10 });
  await shopPage.waitForTimeout(1500);
  await shopPage.goto("about:blank");
  await visitor.close();

  const { context, page } = await logIn(shop.browser, shop.app.url, { email: OWNER, password: PASSWORD });
  const list = `${shop.app.url}/${shop.slug}/recordings?${new URLSearchParams({ q: `user:${person}` })}`;
  const sentence = await until("the visit's sentence", async () => {
    await page.goto(list);
    const text =
      (await page
        .getByTestId("session-sentence")
        .first()
        .textContent()
        .catch(() => "")) ?? "";
    return text.includes("rage-clicked") && text;
  });
  expect(sentence).toMatch(/^Landed on \/demo\b/);
  expect(sentence).toContain("applied coupon ×2");
  expect(sentence).toContain("rage-clicked “Add to cart” on /demo");
  await page.screenshot({ path: join(shots, "sentence-events-rage.png") });
  await context.close();
}, 120_000);

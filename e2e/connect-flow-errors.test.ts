import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { beforeAll, expect, test } from "vitest";
import { shopForFile, shots } from "./helpers/stage";
import { logIn, playhead } from "./helpers/ui";
import { recordingStarted, until } from "./helpers/wait";

/**
 * Issue #22 in a real browser: four visits to /demo recorded with the real SDK, then
 * - the Analytics flow diagram, each node, link and "left here" opening exactly the sessions it counts;
 * - the errors view (reached from the Events page) opening the replay at the occurrence;
 * - a visit's active time as the 5 s windows rule gives it, and its repeated dead clicks grouped ×N
 *   on the player's timeline.
 */

const PASSWORD = "correct horse battery";
const stage = shopForFile({ email: "owner@flow.test", workspaceName: "Flow Shop", password: PASSWORD });

interface Visit {
  sessionId: string;
  /** Page-clock times of the visitor's clicks, the same clock the SDK stamps events with. */
  clicks: number[];
}

/** One visitor on /demo (a fresh browser context, so a session of its own); `act` is the visit. */
async function visit(act: (page: Page) => Promise<void>): Promise<Visit> {
  const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const sessionId = await recordingStarted(page, () =>
    page.goto(`${stage.app.url}/demo?key=${stage.projectKey}`),
  );
  await page.evaluate(() => {
    const w = window as unknown as { clicks: number[] };
    w.clicks = [];
    addEventListener("click", () => w.clicks.push(Date.now()), true);
  });
  await act(page);
  const clicks = await page.evaluate(() => (window as unknown as { clicks: number[] }).clicks);
  // Leaving hands the last events to sendBeacon.
  await page.goto("about:blank");
  await page.waitForTimeout(500);
  await context.close();
  return { sessionId: sessionId as string, clicks };
}

/** In-page routes of the demo shop: its section buttons push /demo/checkout, /demo/account, /demo. */
async function through(page: Page, sections: string[]) {
  for (const name of sections) {
    await page.getByRole("button", { name, exact: true }).click();
    await page.waitForTimeout(400);
  }
}

type Stored = {
  session: { startedAt: number; durationMs: number; fields: Record<string, number | string | boolean> };
  signals: { kind: string; at: number }[];
};

async function stored(sessionId: string, ready: (s: Stored) => boolean): Promise<Stored> {
  return until(
    `session ${sessionId} stored with all its batches`,
    async () => {
      const res = await stage.owner.fetch(`/api/v1/workspaces/${stage.slug}/recordings/${sessionId}`);
      if (res.status !== 200) return null;
      const body = (await res.json()) as Stored;
      return ready(body) ? body : null;
    },
    60_000,
  );
}

const ERROR_PERSON = "erring@flow.test";
let active: Visit & { stored: Stored };
let erring: Visit & { stored: Stored };
let toCheckout: Visit;
let toAccount: Visit;

beforeAll(async () => {
  // The long visit runs while the others happen: its idle pause is real time the SDK must see.
  const activeVisit = visit(async (page) => {
    await page.getByRole("button", { name: "Add to cart" }).first().click();
    // Three clicks on a button that does nothing, 1.5 s apart: too slow for rage, each a dead click.
    for (let i = 0; i < 3; i++) {
      await page.waitForTimeout(1500);
      await page.getByTestId("dead-button").click();
    }
    // Idle for longer than the 10 s the player skips, then one click that does something.
    await page.waitForTimeout(12_000);
    await page.getByRole("button", { name: "Add to cart" }).nth(1).click();
    await page.waitForTimeout(1000);
  });
  const erringVisit = visit(async (page) => {
    await page.evaluate(
      (id) => (window as unknown as { rewind: { identify(id: string): void } }).rewind.identify(id),
      ERROR_PERSON,
    );
    // A few seconds into the visit the button that throws, then checkout and back to the shop.
    await page.waitForTimeout(4000);
    await page.getByTestId("broken-button").click();
    await page.waitForTimeout(600);
    await through(page, ["Checkout", "Shop"]);
  });
  toCheckout = await visit((page) => through(page, ["Checkout"]));
  toAccount = await visit((page) => through(page, ["Account"]));
  const [a, e] = await Promise.all([activeVisit, erringVisit]);
  const pages = (s: Stored) => Number(s.session.fields.pageCount);
  active = { ...a, stored: await stored(a.sessionId, (s) => Number(s.session.fields.clickCount) >= 5) };
  erring = {
    ...e,
    stored: await stored(e.sessionId, (s) => pages(s) >= 3 && Number(s.session.fields.errorCount) >= 1),
  };
  await stored(toCheckout.sessionId, (s) => pages(s) >= 2);
  await stored(toAccount.sessionId, (s) => pages(s) >= 2);
}, 180_000);

/**
 * Clicks an SVG link where it is drawn. A straight flow link is a path of zero height (its width is
 * the stroke), which Playwright's visibility check rejects though a person can click it; so the
 * click goes to its middle, once the element found there is this link.
 */
async function clickDrawn(page: Page, link: Locator) {
  const at = await link.evaluate((a) => {
    const shape = a.firstElementChild!.getBoundingClientRect();
    const x = shape.left + shape.width / 2;
    const y = shape.top + shape.height / 2;
    return document.elementFromPoint(x, y)?.closest("a") === a ? { x, y } : null;
  });
  expect(at, "the link is the element drawn at its middle").not.toBeNull();
  await page.mouse.click(at!.x, at!.y);
}

/** The sessions the recordings list shows on the page it is on. */
async function listed(page: Page): Promise<string[]> {
  await page.locator("[data-testid=recordings], [data-testid=no-matches]").first().waitFor();
  return page
    .locator("[data-session-id]")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session-id")!));
}

test("each node, link and drop-off of the flow diagram lists exactly the sessions it counts", async () => {
  const { context, page } = await logIn(stage.browser, stage.app.url, {
    email: "owner@flow.test",
    password: PASSWORD,
  });
  const analytics = `${stage.app.url}/${stage.slug}/analytics`;
  await page.goto(analytics);
  const flow = page.getByTestId("page-flow");
  await flow.waitFor();
  await flow.screenshot({ path: join(shots, "flow-diagram.png") });

  // What the diagram says, element by element: its marker, the count it shows, and where it leads.
  const read = async (attr: string, count: RegExp) =>
    flow.locator(`a[${attr}]`).evaluateAll(
      (links, [a, re]) =>
        links.map((l) => ({
          id: l.getAttribute(a as string)!,
          count: Number(new RegExp(re as string).exec(l.getAttribute("aria-label") ?? "")?.[1]),
        })),
      [attr, count.source],
    );
  const nodes = await read("data-flow-node", /— (\d+) sessions/);
  const links = await read("data-flow-link", /: (\d+) sessions$/);
  const exits = await read("data-flow-exit", /^(\d+) left at/);
  const asMap = (xs: { id: string; count: number }[]) => Object.fromEntries(xs.map((x) => [x.id, x.count]));
  // The four visits: /demo; /demo → /demo/checkout → /demo; /demo → /demo/checkout; /demo → /demo/account.
  expect(asMap(nodes)).toEqual({ "0:/demo": 4, "1:/demo/checkout": 2, "1:/demo/account": 1, "2:/demo": 1 });
  expect(asMap(links)).toEqual({
    "/demo → /demo/checkout: 2 sessions": 2,
    "/demo → /demo/account: 1 sessions": 1,
    "/demo/checkout → /demo: 1 sessions": 1,
  });
  expect(asMap(exits)).toEqual({ "0:/demo": 1, "1:/demo/checkout": 1, "1:/demo/account": 1, "2:/demo": 1 });
  // Drawn to the same scale: a node's height is its sessions, the ones who left there included.
  const heights = await flow
    .locator("a[data-flow-node] rect")
    .evaluateAll((rects) =>
      rects.map(
        (r) => [r.parentElement!.getAttribute("data-flow-node")!, Number(r.getAttribute("height"))] as const,
      ),
    );
  const perSession = heights.map(([id, h]) => h / asMap(nodes)[id]!);
  expect(Math.max(...perSession) - Math.min(...perSession)).toBeLessThan(0.5);

  // Who each one should open: the diagram's count must be these sessions, no more, no fewer.
  const all = [active, erring, toCheckout, toAccount].map((v) => v.sessionId);
  const expected: Record<string, string[]> = {
    "node 0:/demo": all,
    "node 1:/demo/checkout": [erring.sessionId, toCheckout.sessionId],
    "node 1:/demo/account": [toAccount.sessionId],
    // The case: /demo, checkout, /demo again is one session, not every one that saw both pages.
    "node 2:/demo": [erring.sessionId],
    "link /demo → /demo/checkout: 2 sessions": [erring.sessionId, toCheckout.sessionId],
    "link /demo → /demo/account: 1 sessions": [toAccount.sessionId],
    "link /demo/checkout → /demo: 1 sessions": [erring.sessionId],
    "exit 0:/demo": [active.sessionId],
    "exit 1:/demo/checkout": [toCheckout.sessionId],
    "exit 1:/demo/account": [toAccount.sessionId],
    "exit 2:/demo": [erring.sessionId],
  };
  const elements = [
    ...nodes.map((n) => ({ ...n, attr: "data-flow-node", name: `node ${n.id}` })),
    ...links.map((l) => ({ ...l, attr: "data-flow-link", name: `link ${l.id}` })),
    ...exits.map((x) => ({ ...x, attr: "data-flow-exit", name: `exit ${x.id}` })),
  ];
  for (const el of elements) {
    if (!page.url().startsWith(analytics)) await page.goBack();
    await clickDrawn(page, flow.locator(`a[${el.attr}="${el.id}"]`));
    await page.waitForURL(/\/recordings\?q=/);
    const sessions = await listed(page);
    expect(sessions.length, `${el.name} shows ${el.count}; its recordings are ${page.url()}`).toBe(el.count);
    expect(sessions.sort(), el.name).toEqual([...expected[el.name]!].sort());
  }
  await context.close();
}, 180_000);

const clock = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}`;

test("the Events page leads $exception to the errors view, whose occurrence opens the replay at its moment", async () => {
  const { context, page } = await logIn(stage.browser, stage.app.url, {
    email: "owner@flow.test",
    password: PASSWORD,
  });
  // The exception as stored: when it happened and where that is in its replay.
  const { events } = (await (
    await stage.owner.fetch(
      `/api/v1/workspaces/${stage.slug}/persons/${encodeURIComponent(ERROR_PERSON)}/events?name=$exception`,
    )
  ).json()) as { events: { at: number; sessionId: string; offsetMs: number }[] };
  expect(events).toHaveLength(1);
  const thrown = events[0]!;
  expect(thrown.sessionId).toBe(erring.sessionId);
  // Thrown by the click on the broken button (page clock), a few seconds into the visit.
  expect(erring.clicks).toHaveLength(3);
  expect(Math.abs(thrown.at - erring.clicks[0]!)).toBeLessThan(100);
  expect(thrown.offsetMs).toBeGreaterThan(2000);

  await page.goto(`${stage.app.url}/${stage.slug}/events`);
  const row = page.getByTestId("event-definitions").locator("tr", { hasText: "$exception" });
  await row.getByRole("link", { name: "Errors" }).click();
  await page.waitForURL(new RegExp(`/${stage.slug}/errors$`));
  const groups = page.getByTestId("error-groups");
  await groups.getByRole("link", { name: /Recommendation service is down/ }).click();
  await page.getByTestId("error-message").waitFor();
  const occurrences = page.getByTestId("error-occurrences").locator("li");
  expect(await occurrences.count()).toBe(1);
  await page.screenshot({ path: join(shots, "error-group.png"), fullPage: true });

  const watch = occurrences.first().getByRole("link", { name: /^Watch at / });
  expect(await watch.textContent()).toBe(`Watch at ${clock(thrown.offsetMs)}`);
  expect(await watch.getAttribute("href")).toBe(
    `/${stage.slug}/recordings/${erring.sessionId}?at=${thrown.at}`,
  );
  await watch.click();
  await page.waitForURL(new RegExp(`/recordings/${erring.sessionId}\\?at=${thrown.at}$`));
  await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  expect(Math.abs((await playhead(page)) - thrown.offsetMs)).toBeLessThan(100);
  expect(await page.getByTestId("clock").textContent()).toMatch(new RegExp(`^${clock(thrown.offsetMs)} / `));
  // The timeline marks the error's own row, not the click just before it.
  const current = page.getByTestId("timeline").locator("button[aria-current=true]");
  await expect.poll(() => current.getAttribute("data-kind")).toBe("exception");
  expect(await current.textContent()).toContain("Recommendation service is down");
  await page.screenshot({ path: join(shots, "error-replay.png") });
  await context.close();
}, 120_000);

test("active time is the union of 5 s windows after each input, and repeated dead clicks group ×N on the timeline", async () => {
  const { session, signals } = active.stored;
  // Expected from the clicks as the page saw them. The pointer moves, presses and focus changes
  // rrweb records with a click land within milliseconds of it (an isolated move is sent on the
  // throttle's leading edge), so 500 ms covers a busy box; the 12 s pause adds nothing.
  const windows = active.clicks.map((at) => [at, at + 5000] as const);
  let expectedMs = 0;
  let covered = 0;
  for (const [from, to] of windows) {
    expectedMs += Math.max(0, to - Math.max(from, covered));
    covered = Math.max(covered, to);
  }
  expect(active.clicks).toHaveLength(5);
  expect(Math.abs(Number(session.fields.activeMs) - expectedMs)).toBeLessThan(500);
  // The pause past its 5 s window (at least 6 s) is outside the expectation, so outside the tolerance.
  expect(active.clicks.at(-1)! - active.clicks[0]! + 5000 - expectedMs).toBeGreaterThan(6000);
  expect(signals.filter((s) => s.kind === "dead")).toHaveLength(3);
  expect(signals.filter((s) => s.kind === "rage")).toEqual([]);

  const { context, page } = await logIn(stage.browser, stage.app.url, {
    email: "owner@flow.test",
    password: PASSWORD,
  });
  await page.goto(`${stage.app.url}/${stage.slug}/recordings/${active.sessionId}`);
  await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  const timeline = page.getByTestId("timeline");
  await timeline.waitFor();
  const rows = async (selector: string) =>
    (await timeline.locator(selector).allTextContents()).map((t) => t.replace(/^\d+:\d\d/, "").trim());
  // Each dead click is a click and its signal at one instant: three in a row read as two rows ×3.
  // (The timeline fills as the recording's later chunks load.)
  await expect
    .poll(() => rows("button[data-kind=click]"), { timeout: 20_000 })
    .toEqual([
      "Click on button “Add to cart”",
      "Click on button “Apply coupon” ×3",
      "Click on button “Add to cart”",
    ]);
  expect(await rows("button[data-signal=dead]")).toEqual(["Dead click ×3"]);
  await timeline.getByTestId("timeline-group").first().click();
  expect(await timeline.locator("button[data-kind=click]").count()).toBe(5);
  await page.screenshot({ path: join(shots, "timeline-grouped.png") });
  await context.close();
}, 90_000);

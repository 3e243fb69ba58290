import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/data/settings";
import type { RunningApp } from "./helpers/app";
import type { HttpSession } from "./helpers/http";
import { closeStage, openShop, shots } from "./helpers/stage";
import { logIn } from "./helpers/ui";
import { bodyText, until } from "./helpers/wait";

/**
 * Web Vitals and form submissions end to end: a page on another origin records with the built
 * SDK (public/sdk/signals.js loaded after recording starts), submits one form natively and one
 * the SPA way (a fetch POST after a click on a button in the form); the session's vitals and
 * forms are stored, found by the search keys and shown on the player's timeline — and what was
 * typed into the forms never leaves the browser. With network capture on, the SPA form's POST is a
 * captured request: the Analytics page's forms and requests tables list both, and the recordings
 * filter menus find the session by its request and its forms.
 */

const SECRETS = { card: "4929-SECRET-CARD-7731", email: "zebulon.pagesignals@hidden-mail.test" };
const EMAIL = "vitals-owner@demo.test";
const PASSWORD = "correct horse battery";

let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let projectKey: string;
let site: Server;
let siteUrl: string;

function page(): string {
  return `<!doctype html><html><head><title>Checkout</title>
<script src="${app.url}/sdk/loader.js" data-key="${projectKey}" data-network async></script></head>
<body style="font-family: sans-serif">
<h1 class="hero" style="font-size: 64px">Outdoor checkout</h1>
<form name="checkout" action="/pay?coupon=SPRING#step" onsubmit="event.preventDefault()">
  <label>Card <input name="card" autocomplete="off"></label>
  <button type="submit" class="pay">Pay now</button>
</form>
<form id="newsletter">
  <label>Email <input name="email" type="email"></label>
  <button type="button" id="join" onclick="fetch('/subscribe', { method: 'POST', body: this.form.email.value })">Join</button>
</form>
</body></html>`;
}

beforeAll(async () => {
  ({ app, browser, owner, slug, projectKey } = await openShop({
    email: EMAIL,
    password: PASSWORD,
    workspaceName: "Vitals Shop",
  }));
  const on = await owner.fetch(`/api/v1/workspaces/${slug}/settings/recording`, {
    method: "PATCH",
    json: { network: { ...DEFAULT_SETTINGS.network, enabled: true } },
  });
  expect(on.status).toBe(200);
  site = createServer((req, res) => {
    if (req.url === "/subscribe") {
      req.resume();
      return req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    }
    res.writeHead(200, { "content-type": "text/html" }).end(page());
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (site) await new Promise((r) => site.close(r));
  await closeStage({ app, browser });
});

interface SessionAnswer {
  session: { id: string; fields: Record<string, number | string> };
}

test("a page's vitals and form submissions are stored, searchable and on the timeline; typed values never leave", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visit = await context.newPage();
  const sent: string[] = [];
  visit.on("request", (r) => {
    if (r.method() === "POST") sent.push(`${r.url()}\n${bodyText(r)}`);
  });
  await visit.goto(`${siteUrl}/checkout`);
  await visit.waitForFunction(() =>
    (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
  );
  await visit.waitForFunction(() => Boolean((window as { __rewindSignals?: unknown }).__rewindSignals));
  const sessionId = await visit.evaluate(() =>
    (window as unknown as { rewind: { getSessionId(): string } }).rewind.getSessionId(),
  );
  await visit.waitForTimeout(300);
  await visit.getByLabel("Card").fill(SECRETS.card);
  await visit.getByLabel("Email").fill(SECRETS.email);
  await visit.getByRole("button", { name: "Join" }).click();
  await visit.getByRole("button", { name: "Pay now" }).click();
  await visit.waitForTimeout(500);
  // Leaving hides the page: LCP, CLS and INP are final then and leave with the last batch.
  await visit.goto("about:blank");
  await context.close();

  const stored = await until(
    "the session's vitals and forms to be stored",
    async () => {
      const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}`);
      if (res.status !== 200) return null;
      const { session } = (await res.json()) as SessionAnswer;
      return session.fields.lcpMs && session.fields.formSubmitCount === 2 ? session.fields : null;
    },
    60_000,
  );
  expect(Number(stored.lcpMs)).toBeGreaterThan(0);
  expect(Number(stored.fcpMs)).toBeGreaterThan(0);
  expect(stored.ttfbMs).toBeDefined();

  // The search keys find it.
  const found = async (q: string) => {
    const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings?q=${encodeURIComponent(q)}`);
    expect(res.status, q).toBe(200);
    const { sessions } = (await res.json()) as { sessions: { id: string }[] };
    return sessions.map((s) => s.id);
  };
  expect(await found("has:form_submit")).toEqual([sessionId]);
  expect(await found("form:checkout")).toEqual([sessionId]);
  expect(await found("form:newsletter")).toEqual([sessionId]);
  expect(await found("form:signup")).toEqual([]);
  expect(await found("lcp:>0ms")).toEqual([sessionId]);
  expect(await found("lcp:>10m")).toEqual([]);
  expect(await found("-has:poor_vitals")).toEqual([sessionId]);

  // What left the browser (the requests Playwright saw; the last batch may leave as a beacon) and
  // what was stored: the forms' names, the action's path — never what was typed.
  const ingest = sent.filter((s) => s.startsWith(`${app.url}/api/v1/ingest`)).join("\n");
  const { chunks } = (await (
    await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}`)
  ).json()) as { chunks: { id: string }[] };
  let storedText = "";
  for (const chunk of chunks)
    storedText += await (
      await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}/chunks/${chunk.id}`)
    ).text();
  expect(storedText).toContain('"form":"checkout"');
  expect(storedText).toContain('"action":"/pay"');
  expect(storedText).toContain('"via":"fetch"');
  expect(storedText).toMatch(/"plugin":"rewind\/vitals@1","payload":\{"name":"LCP"/);
  // Each metric's element is named from web-vitals' entries (its plain build): LCP's heading, and
  // INP's first interaction, the click on Join (web-vitals' fallback when none took 40 ms).
  expect(storedText).toMatch(/"payload":\{"name":"LCP"[^}]*"target":"h1\.hero"/);
  expect(storedText).toMatch(/"payload":\{"name":"INP"[^}]*"target":"button#join","interaction":"pointer"/);
  // The full snapshot leaves by fetch 0.3 s after it is taken: the requests seen are real batches.
  expect(ingest).toContain('"type":2');
  for (const secret of Object.values(SECRETS)) {
    expect(ingest).not.toContain(secret);
    expect(storedText).not.toContain(secret);
  }

  // The player's timeline lists them.
  const { context: viewer, page } = await logIn(browser, app.url, { email: EMAIL, password: PASSWORD });
  await page.goto(`${app.url}/${slug}/recordings/${sessionId}`);
  await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  await page.locator("[data-tab=timeline]").click();
  const forms = page.locator("[data-kind=form]");
  await forms.first().waitFor();
  expect(await forms.allTextContents()).toEqual([
    expect.stringContaining("Form submitted: newsletter"),
    expect.stringContaining("Form submitted: checkout"),
  ]);
  const lcp = page.locator("[data-kind=vital]", { hasText: "LCP" });
  await expect(lcp.textContent()).resolves.toMatch(
    /LCP \d+(\.\d)? m?s — (good|needs improvement|poor) — h1\.hero/,
  );
  await page.screenshot({ path: join(shots, "page-signals-timeline.png"), fullPage: true });

  // Analytics: the load time from the vitals, the forms table and the requests table.
  expect(await found('request:"POST /subscribe" status:2xx')).toEqual([sessionId]);
  await page.goto(`${app.url}/${slug}/analytics`);
  const formRows = page.getByTestId("analytics-forms");
  await formRows.waitFor();
  const formsText = await formRows.textContent();
  expect(formsText).toMatch(/checkout\s*1\s*1\s*100\.0%/);
  expect(formsText).toMatch(/newsletter\s*1\s*1\s*100\.0%/);
  await expect(formRows.getByRole("link", { name: "checkout" }).getAttribute("href")).resolves.toContain(
    "form%3Acheckout",
  );
  await expect(page.getByTestId("analytics-requests").textContent()).resolves.toContain("POST /subscribe");
  await expect(page.getByTestId("analytics-figures").textContent()).resolves.toMatch(
    /Load time \(p75 LCP\)\d+(\.\d)? m?s/,
  );
  await page.screenshot({ path: join(shots, "page-signals-analytics.png"), fullPage: true });

  // The filter menus: the request picker offers what was captured; Request, Status and Forms edit the search.
  await page.goto(`${app.url}/${slug}/recordings`);
  const request = page.getByLabel("Request", { exact: true });
  await expect(request.locator("option").allTextContents()).resolves.toContain("POST /subscribe (1)");
  await request.selectOption("POST /subscribe");
  await page.waitForURL((u) => u.searchParams.get("q") === 'request:"POST /subscribe"');
  await page.getByLabel("Status", { exact: true }).selectOption("2xx");
  await page.waitForURL((u) => u.searchParams.get("q") === 'request:"POST /subscribe" status:2xx');
  await expect(
    page.getByLabel("Forms", { exact: true }).locator("option").allTextContents(),
  ).resolves.toEqual(expect.arrayContaining(["Submitted checkout (1)", "Submitted newsletter (1)"]));
  await page.getByLabel("Forms", { exact: true }).selectOption("form_submit");
  await page.waitForURL((u) => (u.searchParams.get("q") ?? "").endsWith("has:form_submit"));
  await page.locator(`[data-session-id="${sessionId}"]`).waitFor();
  await page.getByLabel("Status", { exact: true }).selectOption("5xx");
  await page.waitForURL((u) => (u.searchParams.get("q") ?? "").includes("status:5xx"));
  await page.locator(`[data-session-id="${sessionId}"]`).waitFor({ state: "detached" });
  await page.getByLabel("Status", { exact: true }).selectOption("2xx");
  await page.locator(`[data-session-id="${sessionId}"]`).waitFor();
  await page.screenshot({ path: join(shots, "page-signals-filters.png"), fullPage: true });
  await viewer.close();
}, 180_000);

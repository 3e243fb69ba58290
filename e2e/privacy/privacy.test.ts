import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "../helpers/app";
import type { HttpSession } from "../helpers/http";
import { closeStage, openShop } from "../helpers/stage";
import { bodyText, until } from "../helpers/wait";
import {
  CAPTURE_PAGE,
  CHOSEN_STATE_FRAGMENTS,
  type CorpusPage,
  DEFAULT_PAGE,
  DEFAULT_PAGE_URL,
  LEVEL2_PAGE,
  PAGE_URL_SECRETS,
  type PrivacyCase,
} from "./cases";

/**
 * The privacy corpus (cases.ts) recorded by the built SDK with the default configuration in
 * Chromium, against the built app: every request the page sends is intercepted (bodies inflated)
 * and the whole stored data folder (blobs inflated, the KV database, a dump of every key) is
 * searched for each case's secret. docs/PRIVACY.md names the path each case covers.
 */

/** The site under test, served by the test itself (another origin than the app). */
const SITE = "http://localhost:8123";

let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let projectKey: string;

interface Recorded {
  /** Every request the page sent anywhere but its own site: URL, headers and inflated body. */
  requests: string[];
  /** The full snapshots sent, as JSON. */
  snapshots: string;
  /** Every ingested event, as JSON. */
  events: unknown[];
  sessionId: string;
}
const recorded = new Map<CorpusPage, Recorded>();
let stored = "";
/** Stored blobs, inflated, by path (which names the session). */
let storedBlobs: [string, string][] = [];

function html(corpus: CorpusPage): string {
  const sections = corpus.cases.map((c) => `<section data-case="${c.name}">${c.html}</section>`).join("\n");
  return `<!doctype html><html><head><title>Corpus</title></head><body>${sections}${corpus.extraHtml ?? ""}
<script src="${app.url}/sdk/loader.js" data-key="${projectKey}" ${corpus.scriptAttributes ?? ""} async></script>
</body></html>`;
}

async function record(corpus: CorpusPage, path: string): Promise<Recorded> {
  // The site is served from outside loopback as far as Chromium knows: let it reach the app.
  const context = await browser.newContext({
    viewport: { width: 1000, height: 700 },
    permissions: ["local-network-access"],
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const bodies: string[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(SITE)) return;
    const text = bodyText(r);
    requests.push(`${r.url()}\n${JSON.stringify(r.headers())}\n${text}`);
    if (r.url().includes("/api/v1/ingest") && text) bodies.push(text);
  });
  await context.route(`${SITE}/**`, (route) =>
    new URL(route.request().url()).pathname === corpus.path
      ? route.fulfill({ contentType: "text/html", body: html(corpus) })
      : route.fulfill({ status: 404, body: "" }),
  );
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => problems.push(m.text()));
  // Console and network capture arrive in a lazy chunk: what is logged before it runs is not captured.
  const captureLoaded =
    corpus === CAPTURE_PAGE
      ? page.waitForResponse((r) => r.url().includes("/sdk/capture.js"), { timeout: 30_000 })
      : null;
  await page.goto(`${SITE}${path}`, { referer: corpus.referer });
  const sessionId = await sessionOf(page).catch((e) => {
    throw new Error(`${e}\n${problems.join("\n")}\n${requests.map((r) => r.slice(0, 300)).join("\n")}`);
  });
  if (captureLoaded) {
    await captureLoaded;
    await page.waitForTimeout(300);
  }
  for (const c of corpus.cases) await c.steps?.(page, c.name);
  // A fresh full snapshot of the final state: what scripts and visitors left in the DOM.
  await page.evaluate(() => {
    const rewind = (window as unknown as { rewind: { stopRecording(): void; startRecording(): void } })
      .rewind;
    rewind.stopRecording();
    rewind.startRecording();
  });
  await page.waitForTimeout(700);
  await page.goto("about:blank");
  const batches = () => new Set(bodies.map((b) => (JSON.parse(b) as { batchId: string }).batchId)).size;
  await until(
    () => `the ${batches()} batches of ${corpus.path} to be stored`,
    async () => {
      const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}`);
      if (res.status !== 200) return false;
      const body = (await res.json()) as { session: { chunkCount: number } };
      return body.session.chunkCount >= batches() && batches() > 0;
    },
  );
  await context.close();
  const events = bodies.flatMap((b) => (JSON.parse(b) as { events: { type: number }[] }).events);
  return { requests, events, sessionId, snapshots: JSON.stringify(events.filter((e) => e.type === 2)) };
}

async function sessionOf(page: Page): Promise<string> {
  await page.waitForFunction(() =>
    (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId?.(),
  );
  return page.evaluate(() =>
    (window as unknown as { rewind: { getSessionId(): string } }).rewind.getSessionId(),
  );
}

/** Every file under dir as text, gzip inflated; blobs apart, for the JSON fragments checks. */
function readStored(dir: string): { all: string; blobs: [string, string][] } {
  const all: string[] = [];
  const blobs: [string, string][] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const bytes = readFileSync(path);
        const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
        const text = (gz ? gunzipSync(bytes) : bytes).toString("utf8");
        all.push(text);
        if (gz) blobs.push([path, text]);
      }
    }
  };
  walk(dir);
  return { all: all.join("\n"), blobs };
}

/** Every KV key and its content, read through the app's own store. */
async function dumpStore(dataDir: string): Promise<string> {
  process.env.DATA_DIR = dataDir;
  delete process.env.REDIS_URL;
  delete process.env.UPSTASH_REDIS_REST_URL;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { dumpKeys } = await import("../../tests/helpers/kv-dump");
  return dumpKeys("");
}

beforeAll(async () => {
  ({ app, browser, owner, slug, projectKey } = await openShop({
    email: "privacy-owner@corpus.test",
    workspaceName: "Privacy Corpus",
  }));
  recorded.set(DEFAULT_PAGE, await record(DEFAULT_PAGE, DEFAULT_PAGE_URL));
  recorded.set(LEVEL2_PAGE, await record(LEVEL2_PAGE, LEVEL2_PAGE.path));
  const on = await owner.fetch(`/api/v1/workspaces/${slug}/settings/recording`, {
    method: "PATCH",
    json: {
      console: { enabled: true, levels: ["log", "warn", "error"] },
      network: { enabled: true, headers: true, bodies: true, denylist: [] },
    },
  });
  expect(on.status, await on.clone().text()).toBe(200);
  recorded.set(CAPTURE_PAGE, await record(CAPTURE_PAGE, CAPTURE_PAGE.path));
  const files = readStored(app.dataDir);
  const keys = await dumpStore(app.dataDir);
  stored = `${files.all}\n${keys}`;
  storedBlobs = files.blobs;
}, 300_000);
afterAll(() => closeStage({ app, browser }));

/** The stored blobs of the page's session. */
function blobsOf(page: CorpusPage): string[] {
  const { sessionId } = recorded.get(page)!;
  return storedBlobs.filter(([path]) => path.includes(sessionId)).map(([, text]) => text);
}

function leaks(page: CorpusPage, secrets: string[], fragments: string[]): string[] {
  const { requests } = recorded.get(page)!;
  const blobs = blobsOf(page);
  const found: string[] = [];
  for (const s of secrets) {
    for (const r of requests) if (r.includes(s)) found.push(`"${s}" in a request to ${r.split("\n")[0]}`);
    if (stored.includes(s)) found.push(`"${s}" in the stored data`);
  }
  for (const f of fragments) {
    for (const r of requests) if (r.includes(f)) found.push(`${f} in a request to ${r.split("\n")[0]}`);
    if (blobs.some((b) => b.includes(f))) found.push(`${f} in a stored blob`);
  }
  return found;
}

describe.each([DEFAULT_PAGE, LEVEL2_PAGE, CAPTURE_PAGE])("privacy corpus on $path", (page) => {
  test("the page was really recorded: a full snapshot holding every case was sent and stored", () => {
    const { snapshots } = recorded.get(page)!;
    expect(snapshots.length).toBeGreaterThan(1000);
    const missing = page.cases
      .filter((c) => !snapshots.includes(`"data-case":"${c.name}"`))
      .map((c) => c.name);
    expect(missing).toEqual([]);
    expect(blobsOf(page).join("\n")).toContain(`"data-case":"${page.cases[0]!.name}"`);
  });

  test.each(page.cases.map((c) => [c.name, c] as [string, PrivacyCase]))("%s", (_, c) => {
    expect(leaks(page, c.secrets, c.forbid ?? [])).toEqual([]);
    // The path was really taken: what it sends is there, redacted.
    const sent = JSON.stringify(recorded.get(page)!.events);
    expect((c.sent ?? []).filter((f) => !sent.includes(f))).toEqual([]);
  });
});

test("no radio, checkbox, option or ARIA widget's chosen state is recorded", () => {
  expect(leaks(DEFAULT_PAGE, [], CHOSEN_STATE_FRAGMENTS)).toEqual([]);
});

test("secrets in the page URL's query and fragment are redacted from page views and meta events", () => {
  expect(leaks(DEFAULT_PAGE, PAGE_URL_SECRETS, [])).toEqual([]);
  const { events } = recorded.get(DEFAULT_PAGE)!;
  // The page view is still there, its path intact.
  expect(JSON.stringify(events)).toContain("/shop/checkout?email_token=%5Bredacted%5D");
});

test("with capture on, console lines and requests are recorded (redacted, not dropped)", () => {
  const all = JSON.stringify(recorded.get(CAPTURE_PAGE)!.events);
  expect(all).toContain("retrying with token=[redacted]");
  expect(all).toContain("/api/items?api_key=%5Bredacted%5D");
  expect(all).toMatch(/"authorization":"\[redacted\]"/i);
});

test("data-rewind-unmask reveals a chosen state where the team wants it", () => {
  const { snapshots } = recorded.get(LEVEL2_PAGE)!;
  expect(snapshots).toMatch(/"value":"revealed-choice","checked":true/);
});

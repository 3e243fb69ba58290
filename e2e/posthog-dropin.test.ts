import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "./helpers/app";
import type { HttpSession } from "./helpers/http";
import { closeStage, openShop } from "./helpers/stage";
import { until } from "./helpers/wait";

/**
 * The posthog-js drop-in with the real package (node_modules/posthog-js, pinned in package.json):
 * a page on another origin runs `posthog.init(projectKey, { api_host: <Rewind> })` and nothing else
 * of ours; the visit is recorded with its person, pages, clicks and errors, replays, and what was
 * typed stays masked (our workspace masking reaches posthog-js through the remote config).
 */

// The shop is served by its own server on another port: cross-origin to the app (CORS is
// exercised), both on loopback, as Chromium's local-network rules want.
let SHOP = "";
let shopServer: Server;
const DESKTOP_CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const TYPED_SECRET = "Typed-Secret-Quokka-8841";
const POSTHOG_JS = readFileSync(
  join(import.meta.dirname, "..", "node_modules", "posthog-js", "dist", "array.full.js"),
  "utf8",
);

let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let projectKey: string;

const page = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title>
<script src="/posthog.js"></script>
<script>
  posthog.init(${JSON.stringify("__KEY__")}, {
    api_host: ${JSON.stringify("__API__")},
    person_profiles: "always",
    capture_pageview: true,
    // Flush quickly so the test need not wait for posthog-js's default intervals.
    request_batching: false,
    // Headless Chromium reads as a bot to posthog-js, which then drops every event.
    opt_out_useragent_filter: true,
  });
</script></head><body>${body}</body></html>`;

const PAGES: Record<string, string> = {
  "/": page(
    "Dropin shop",
    `<h1>Dropin shop</h1>
     <label>Name <input id="name" name="name"></label>
     <button id="buy" onclick="document.getElementById('status').textContent='added'">Add to cart</button>
     <p id="status">empty</p>
     <button id="boom" onclick="setTimeout(function(){ null.explode(); })">Break</button>
     <a id="next" href="/checkout">Checkout</a>`,
  ),
  "/checkout": page("Checkout", `<h1>Checkout page</h1><button id="pay">Pay</button>`),
};

function startShop(): Promise<void> {
  shopServer = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/posthog.js") {
      res.writeHead(200, { "content-type": "application/javascript" });
      return res.end(POSTHOG_JS);
    }
    const html = PAGES[path];
    if (!html) {
      res.writeHead(404);
      return res.end("not found");
    }
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html.replace("__KEY__", projectKey).replace("__API__", app.url));
  });
  return new Promise((resolve) =>
    shopServer.listen(0, "127.0.0.1", () => {
      SHOP = `http://127.0.0.1:${(shopServer.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

interface Listed {
  id: string;
  fields: Record<string, string>;
}

/** Every stored chunk of a session, as one text and as its parsed rrweb events. */
async function storedRecording(sessionId: string): Promise<{ all: string; events: { type: number }[] }> {
  const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}`);
  if (res.status !== 200) return { all: "", events: [] };
  const rec = (await res.json()) as { chunks: { id: string }[] };
  let all = "";
  const events: { type: number }[] = [];
  for (const c of rec.chunks) {
    const chunk = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}/chunks/${c.id}`);
    expect(chunk.status).toBe(200);
    const text = await chunk.text();
    all += text;
    const parsed = JSON.parse(text) as { events: { type: number }[] } | { type: number }[];
    events.push(...(Array.isArray(parsed) ? parsed : parsed.events));
  }
  return { all, events };
}

beforeAll(async () => {
  ({ app, browser, owner, slug, projectKey } = await openShop({
    email: "dropin-owner@demo.test",
    workspaceName: "Dropin Demo",
  }));
  await startShop();
});
afterAll(async () => {
  shopServer?.close();
  await closeStage({ app, browser });
});

describe("posthog-js drop-in", () => {
  test("a page with posthog-js records into Rewind: listed with person, pages, clicks, errors; replays masked", async () => {
    const context = await browser.newContext({
      viewport: { width: 1200, height: 800 },
      userAgent: DESKTOP_CHROME,
    });
    const p = await context.newPage();
    const sent: string[] = [];
    const log: string[] = [];
    p.on("request", (r) => {
      if (r.url().startsWith(app.url)) sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    p.on("response", (r) => {
      if (r.url().startsWith(app.url))
        log.push(
          `${r.status()} ${r.request().method()} ${r.url().slice(app.url.length, app.url.length + 60)}`,
        );
    });
    p.on("requestfailed", (r) => log.push(`failed ${r.url().slice(0, 80)} ${r.failure()?.errorText}`));
    p.on("console", (m) => log.push(`console.${m.type()}: ${m.text().slice(0, 200)}`));
    await p.goto(`${SHOP}/`);
    // Recording starts once the remote config arrived and the recorder took its first snapshot.
    await until(
      () => `posthog-js to start recording; saw:\n${log.join("\n")}`,
      () =>
        p.evaluate(() =>
          (
            window as unknown as { posthog: { sessionRecordingStarted(): boolean } }
          ).posthog.sessionRecordingStarted(),
        ),
    );
    const sessionId = await p.evaluate(() =>
      (window as unknown as { posthog: { get_session_id(): string } }).posthog.get_session_id(),
    );
    await p.locator("#name").pressSequentially(TYPED_SECRET, { delay: 5 });
    await p.locator("#buy").click();
    await p.locator("#boom").click();
    await p.waitForTimeout(300);
    await p.evaluate(() =>
      (window as unknown as { posthog: { identify(id: string, p: object): void } }).posthog.identify(
        "quokka@example.com",
        { plan: "pro" },
      ),
    );
    // A navigation aborts posthog-js's requests in flight: let the first page's be answered first.
    const answered = (what: string) => log.filter((l) => l.startsWith(`200 POST ${what}`)).length;
    await until(
      () => `the first page's events and snapshots to be sent; saw:\n${log.join("\n")}`,
      async () => answered("/e/") >= 3 && answered("/s/") >= 1,
      30_000,
    );
    const snapshotsBefore = answered("/s/");
    await p.locator("#next").click();
    await p.waitForURL(`${SHOP}/checkout`);
    await p.locator("#pay").click();
    await until(
      () => `the second page's snapshots to be sent; saw:\n${log.join("\n")}`,
      async () => answered("/s/") > snapshotsBefore && answered("/e/") >= 4,
      30_000,
    );
    // The first /s/ after the navigation may be the first page's last flush: wait for the second
    // page's full snapshot itself to be stored before the browser goes away.
    await until(
      () => `the checkout page's snapshot to be stored; saw:\n${log.join("\n")}`,
      async () => (await storedRecording(sessionId)).all.includes("Checkout page"),
      30_000,
    );
    await context.close();

    const listed = await until(
      () =>
        `the session ${sessionId} to be listed with 2 pages, clicks and an error (saw:\n${log.join("\n")})`,
      async () => {
        const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings?limit=10`);
        const { sessions } = (await res.json()) as { sessions: Listed[] };
        const s = sessions.find((x) => x.id === sessionId);
        const f = s?.fields ?? {};
        return s && Number(f.pageCount) >= 2 && Number(f.clickCount) >= 2 && Number(f.errorCount) >= 1
          ? s
          : undefined;
      },
      60_000,
    );
    expect(listed.fields.distinctId).toBe("quokka@example.com");
    expect(sent).toContain("POST /s/");
    expect(sent.some((s) => s.startsWith("GET /array/"))).toBe(true);

    // It replays: its chunks hold rrweb events with a full snapshot, and nothing typed.
    const { all, events } = await storedRecording(sessionId);
    expect(events.some((e) => e.type === 2)).toBe(true);
    expect(all).toContain("Checkout page");
    expect(all).not.toContain(TYPED_SECRET);
  }, 180_000);
});

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/data/settings";
import { launchChromium } from "./browser";

/**
 * The built SDK against a sink that only keeps what it is sent: no app build, so recorder-level
 * tests (what the events hold, whether they replay) stay fast. Pages are served from `pages`, each
 * with the script tag; /rrweb.js is rrweb's own Replayer for replaying what was recorded.
 */

export type RecordedEvent = { type: number; timestamp: number; data: Record<string, unknown> };

const root = join(import.meta.dirname, "..", "..");

export interface Sink {
  url: string;
  events(): RecordedEvent[];
  /** Every path the browser asked for, in order. */
  served(): string[];
  close(): Promise<void>;
}

/**
 * `config` is the remote config the sink serves (the workspace defaults unless given). A page whose
 * path ends in `.bare` is served without the script tag: the test adds the SDK when it chooses; one
 * ending in `.no-workers` with a CSP that blocks every worker.
 */
export async function startSink(
  pages: Record<string, string>,
  config: typeof DEFAULT_SETTINGS = DEFAULT_SETTINGS,
): Promise<Sink> {
  execFileSync(process.execPath, [join(root, "sdk/build.mjs")], { cwd: root, stdio: "pipe" });
  const files: Record<string, Buffer> = {
    "/sdk/loader.js": readFileSync(join(root, "public/sdk/loader.js")),
    "/sdk/recorder.js": readFileSync(join(root, "public/sdk/recorder.js")),
    "/sdk/capture.js": readFileSync(join(root, "public/sdk/capture.js")),
    "/sdk/signals.js": readFileSync(join(root, "public/sdk/signals.js")),
    "/sdk/canvas.js": readFileSync(join(root, "public/sdk/canvas.js")),
    "/rrweb.js": readFileSync(join(root, "node_modules/rrweb/dist/rrweb.umd.min.cjs")),
  };
  const received: RecordedEvent[] = [];
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    served.push(path);
    if (files[path]) return res.writeHead(200, { "content-type": "text/javascript" }).end(files[path]);
    if (path === "/api/v1/config")
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(config));
    if (path === "/api/v1/ingest") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      return req.on("end", () => {
        const body = Buffer.concat(chunks);
        const text =
          body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString("utf8") : body.toString("utf8");
        received.push(...(JSON.parse(text) as { events: RecordedEvent[] }).events);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    }
    if (path === "/replay-host")
      return res
        .writeHead(200, { "content-type": "text/html" })
        .end("<!doctype html><html><body></body></html>");
    const page = pages[path];
    if (page === undefined) return res.writeHead(404).end();
    const tag = path.endsWith(".bare") ? "" : SCRIPT_TAG;
    // A page whose CSP allows no workers (the recorder's compression worker is a blob: URL).
    const csp = path.endsWith(".no-workers") ? { "content-security-policy": "worker-src 'none'" } : {};
    res
      .writeHead(200, { "content-type": "text/html", ...csp })
      .end(`<!doctype html><html><head><title>t</title>${tag}</head><body>${page}</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events: () => [...received].sort((a, b) => a.timestamp - b.timestamp),
    served: () => [...served],
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export const SCRIPT_TAG = `<script src="/sdk/loader.js" data-key="pk_testtesttesttest" async></script>`;

/** Adds the SDK's script tag to a page served without it (a `.bare` page). */
export async function addSdk(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tag = document.createElement("script");
    tag.src = "/sdk/loader.js";
    tag.dataset.key = "pk_testtesttesttest";
    document.head.appendChild(tag);
  });
}

/** Waits until the recorder runs on the page. */
export async function recording(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
  );
}

/**
 * Waits for the sink to have `until`: the recorder's own flushes first (every 5 s), as large
 * batches do not fit the beacons of a page exit; then leaving the page, which sends the rest.
 */
export async function sendAll(page: Page, sink: Sink, until: (events: RecordedEvent[]) => boolean) {
  const leaveAt = Date.now() + 12_000;
  const deadline = Date.now() + 30_000;
  while (!until(sink.events())) {
    if (Date.now() > leaveAt && page.url() !== "about:blank") await page.goto("about:blank");
    if (Date.now() > deadline)
      throw new Error(
        `the sink never got what was expected: ${JSON.stringify(sink.events().map((e) => [e.type, e.data.source ?? e.data.tag]))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Replays the events to their end with rrweb's Replayer; returns the replayed document's body text. */
export async function replayText(browser: Browser, sink: Sink, events: RecordedEvent[]): Promise<string> {
  return (await replayBody(browser, sink, events)).text;
}

/** What a replay to the end rebuilt: the body's text, and its elements' tag names in document order. */
export async function replayBody(
  browser: Browser,
  sink: Sink,
  events: RecordedEvent[],
): Promise<{ text: string; tags: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${sink.url}/replay-host`);
    await page.addScriptTag({ url: `${sink.url}/rrweb.js` });
    return await page.evaluate((evs) => {
      const w = window as unknown as {
        rrweb: {
          Replayer: new (e: unknown[], o: object) => { pause(t: number): void; iframe: HTMLIFrameElement };
        };
      };
      document.body.innerHTML = "";
      const replayer = new w.rrweb.Replayer(evs, { root: document.body, showWarning: false });
      replayer.pause(evs[evs.length - 1]!.timestamp - evs[0]!.timestamp + 1);
      const body = replayer.iframe.contentDocument?.body;
      const tags = Array.from(body?.querySelectorAll("*") ?? [], (e) => e.tagName).join(",");
      return { text: body?.textContent ?? "", tags };
    }, events);
  } finally {
    await context.close();
  }
}

export interface SdkStage {
  browser: Browser;
  sink: Sink;
}

/**
 * For a describe block: a sink serving `pages` with `config` and a Chromium, started before its
 * tests and stopped after them. Read its fields inside tests (they are set by then).
 */
export function sdkStage(pages: Record<string, string>, config?: typeof DEFAULT_SETTINGS): SdkStage {
  const stage = {} as SdkStage;
  beforeAll(async () => {
    stage.sink = await startSink(pages, config);
    stage.browser = await launchChromium();
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.sink?.close();
  });
  return stage;
}

/** A page of its own context at `path` of the stage's sink, once the recorder runs on it. */
export async function recordedPage(
  stage: SdkStage,
  path: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stage.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${stage.sink.url}${path}`);
  await recording(page);
  return { context, page };
}

/** The live page's body as the replay is compared with it: element tags and text, scripts left out. */
export const liveBody = (page: Page) =>
  page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const script of body.querySelectorAll("script")) script.remove();
    return {
      text: body.textContent ?? "",
      tags: Array.from(body.querySelectorAll("*"), (e) => e.tagName).join(","),
    };
  });

/** Compares without printing two 50k-node pages when they differ. */
export function expectSameBody(
  replayed: { text: string; tags: string },
  live: { text: string; tags: string },
) {
  const first = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i === a.length && a.length === b.length
      ? "same"
      : `differ at ${i}: …${a.slice(i, i + 60)}… vs …${b.slice(i, i + 60)}…`;
  };
  expect(replayed.tags.split(",").length).toBe(live.tags.split(",").length);
  expect(first(replayed.tags, live.tags)).toBe("same");
  expect(first(replayed.text, live.text)).toBe("same");
}

/** Waits (up to 60 s) until a full snapshot reached the sink after its first `before` events: it is sent shortly after it is taken. */
export async function fullSnapshotSent(
  stage: { sink: { events(): { type: number }[] } },
  page: Page,
  before: number,
) {
  const deadline = Date.now() + 60_000;
  while (
    !stage.sink
      .events()
      .slice(before)
      .some((e) => e.type === 2) &&
    Date.now() < deadline
  )
    await page.waitForTimeout(200);
}

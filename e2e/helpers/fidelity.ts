import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_SETTINGS } from "@/lib/data/settings";
import { decodePng } from "./pixels";
import { type RecordedEvent, SCRIPT_TAG } from "./sdk-sink";

/**
 * The fidelity suite's site: pages with their own <head>, static files (stylesheets, fonts), the
 * built SDK and a sink that keeps each session's events apart, so pages can be recorded one after
 * another in one browser. A second server on another port ("the CDN") serves stylesheets without
 * CORS headers, so the recorder cannot read them. Replays run with rrweb's Replayer and the
 * player's own plugins (canvas frames, :focus/:active), bundled from components/player.
 */

const root = join(import.meta.dirname, "..", "..");
const pageKey = (i: number) => `pk_fidelitypage${String(i).padStart(4, "0")}`;

export interface SitePage {
  head?: string;
  body: string;
  /** Remote config overrides for this page (the page gets a project key of its own to tell them apart). */
  config?: Partial<typeof DEFAULT_SETTINGS>;
}

export interface Site {
  url: string;
  cdn: string;
  eventsOf(sessionId: string): RecordedEvent[];
  close(): Promise<void>;
}

type Files = Record<string, { type: string; body: Buffer | string }>;

function listen(server: Server): Promise<string> {
  return new Promise((r) =>
    server.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

export async function startSite(
  pages: (cdn: string) => Record<string, SitePage>,
  files: Files,
  cdnFiles: Files,
): Promise<Site> {
  execFileSync(process.execPath, [join(root, "sdk/build.mjs")], { cwd: root, stdio: "pipe" });
  const plugins = buildSync({
    entryPoints: [join(import.meta.dirname, "fidelity-plugins.ts")],
    bundle: true,
    format: "iife",
    globalName: "rewindPlugins",
    write: false,
    tsconfig: join(root, "tsconfig.json"),
  }).outputFiles[0]!.text;
  const js: Record<string, Buffer | string> = {
    "/sdk/loader.js": readFileSync(join(root, "public/sdk/loader.js")),
    "/sdk/recorder.js": readFileSync(join(root, "public/sdk/recorder.js")),
    "/sdk/capture.js": readFileSync(join(root, "public/sdk/capture.js")),
    "/sdk/signals.js": readFileSync(join(root, "public/sdk/signals.js")),
    "/sdk/canvas.js": readFileSync(join(root, "public/sdk/canvas.js")),
    "/rrweb.js": readFileSync(join(root, "node_modules/rrweb/dist/rrweb.umd.min.cjs")),
    "/plugins.js": plugins,
  };
  const cdnServer = createServer((req, res) => {
    const f = cdnFiles[new URL(req.url ?? "/", "http://x").pathname];
    if (!f) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": f.type }).end(f.body);
  });
  const cdn = await listen(cdnServer);
  const defined = pages(cdn);
  const keyPages = new Map(Object.keys(defined).map((path, i) => [pageKey(i), path]));
  const keyOf = new Map([...keyPages].map(([k, p]) => [p, k]));
  const sessions = new Map<string, RecordedEvent[]>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (js[path]) return res.writeHead(200, { "content-type": "text/javascript" }).end(js[path]);
    if (files[path]) return res.writeHead(200, { "content-type": files[path].type }).end(files[path].body);
    if (path === "/api/v1/config") {
      const key = new URL(req.url ?? "/", "http://x").searchParams.get("k") ?? "";
      const config = { ...DEFAULT_SETTINGS, ...defined[keyPages.get(key) ?? ""]?.config };
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(config));
    }
    if (path === "/api/v1/ingest") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      return req.on("end", () => {
        const body = Buffer.concat(chunks);
        const text =
          body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString("utf8") : body.toString("utf8");
        const batch = JSON.parse(text) as { sessionId: string; events: RecordedEvent[] };
        const list = sessions.get(batch.sessionId) ?? [];
        list.push(...batch.events);
        sessions.set(batch.sessionId, list);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    }
    if (path === "/replay-host")
      return res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          "<!doctype html><html><head><style>body{margin:0}.replayer-mouse,.replayer-mouse-tail{display:none!important}.replayer-wrapper iframe{border:0;display:block}</style></head><body></body></html>",
        );
    const page = defined[path];
    if (!page) return res.writeHead(404).end();
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(
        `<!doctype html><html><head><title>t</title><style>body{margin:0;font-family:sans-serif}</style>${page.head ?? ""}${SCRIPT_TAG.replace(/data-key="[^"]*"/, `data-key="${keyOf.get(path)}"`)}</head><body>${page.body}</body></html>`,
      );
  });
  const url = await listen(server);
  return {
    url,
    cdn,
    eventsOf: (sid) => [...(sessions.get(sid) ?? [])].sort((a, b) => a.timestamp - b.timestamp),
    close: async () => {
      await new Promise((r) => server.close(r));
      await new Promise((r) => cdnServer.close(r));
    },
  };
}

/**
 * Gets the session's events to the sink: the page says it was hidden (the SDK sends what it has,
 * as on a tab switch) and, failing that within a few seconds, the page is left (the exit upload).
 */
export async function collect(page: Page, site: Site, sessionId: string): Promise<RecordedEvent[]> {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  const leaveAt = Date.now() + 6_000;
  const deadline = Date.now() + 25_000;
  let count = -1;
  let stableSince = Date.now();
  for (;;) {
    const events = site.eventsOf(sessionId);
    if (events.length !== count) {
      count = events.length;
      stableSince = Date.now();
    }
    if (events.some((e) => e.type === 2) && Date.now() - stableSince > 600) return events;
    if (Date.now() > leaveAt && page.url() !== "about:blank") await page.goto("about:blank");
    if (Date.now() > deadline)
      throw new Error(`session ${sessionId}: ${events.length} events, no full snapshot`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Replays the events to their end at the recorded viewport, with the player's plugins; returns
 * a screenshot of the replayed frame and the font families that failed to load in it.
 */
export async function replayShot(
  browser: Browser,
  site: Site,
  events: RecordedEvent[],
  viewport: { width: number; height: number },
): Promise<{ png: Buffer; fontsMissing: string[] }> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}/replay-host`);
    await page.addScriptTag({ url: `${site.url}/rrweb.js` });
    await page.addScriptTag({ url: `${site.url}/plugins.js` });
    await page.evaluate((evs) => {
      const w = window as unknown as {
        rrweb: { Replayer: new (e: unknown[], o: object) => { pause(t: number): void } };
        rewindPlugins: { canvasFramesPlugin(): object; stateClassesPlugin(): object };
        replayer: unknown;
      };
      const replayer = new w.rrweb.Replayer(evs, {
        root: document.body,
        showWarning: false,
        mouseTail: false,
        triggerFocus: false,
        plugins: [w.rewindPlugins.canvasFramesPlugin(), w.rewindPlugins.stateClassesPlugin()],
      });
      replayer.pause(evs[evs.length - 1]!.timestamp - evs[0]!.timestamp + 1);
      w.replayer = replayer;
    }, events);
    const frame = page.locator(".replayer-wrapper iframe");
    await frame.waitFor();
    const fontsMissing = await page.evaluate(async () => {
      const doc = document.querySelector<HTMLIFrameElement>(".replayer-wrapper iframe")!.contentDocument!;
      await doc.fonts.ready;
      await new Promise((r) => setTimeout(r, 400));
      const failed: string[] = [];
      doc.fonts.forEach((f) => {
        if (f.status === "error") failed.push(f.family);
      });
      return failed;
    });
    return { png: await frame.screenshot(), fontsMissing };
  } finally {
    await context.close();
  }
}

/** The share of pixels (0–1) that differ clearly (any channel by more than 48) between two screenshots. */
export function pixelDifference(a: Buffer, b: Buffer): number {
  const x = decodePng(a);
  const y = decodePng(b);
  const width = Math.min(x.width, y.width);
  const height = Math.min(x.height, y.height);
  let differ = 0;
  for (let j = 0; j < height; j++)
    for (let i = 0; i < width; i++) {
      const p = x.pixel(i, j);
      const q = y.pixel(i, j);
      if (Math.abs(p[0]! - q[0]!) > 48 || Math.abs(p[1]! - q[1]!) > 48 || Math.abs(p[2]! - q[2]!) > 48)
        differ++;
    }
  // Pixels one screenshot has and the other lacks count as different.
  const total = Math.max(x.width, y.width) * Math.max(x.height, y.height);
  return (differ + total - width * height) / total;
}

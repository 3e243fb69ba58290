import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { replayAsset } from "@/lib/assets/store";
import { DEFAULT_SETTINGS } from "@/lib/data/settings";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { countCanvas } from "@/lib/ingest/canvas";
import {
  mutationStorms,
  recordingHealth,
  replayCauses,
  type StylesheetFate,
  withReplayCauses,
} from "@/lib/replay/health";
import { prepareCss, stateSelectors, unreadStylesheets } from "@/lib/replay/stylesheets";
import { useTempDataDir } from "../tests/helpers/temp-data";
import { hasChromium, launchChromium } from "./helpers/browser";
import {
  collect,
  pixelDifference,
  replayShot,
  type Site,
  type SitePage,
  startSite,
} from "./helpers/fidelity";
import { recording } from "./helpers/sdk-sink";

/**
 * The fidelity suite: pages that are hard to replay, each recorded in Chromium with the real SDK,
 * replayed to the end with rrweb and the player's plugins and CSS preparation (stylesheets the
 * recorder could not read fetched by the server's asset store, their @imports inlined), the original and the replay
 * screenshotted at the same moment and compared by pixels with a per-page threshold, and the
 * health line computed for each. Screenshots go to e2e/.shots/fidelity.
 */

const VIEWPORT = { width: 800, height: 600 };
const shots = join(import.meta.dirname, ".shots", "fidelity");
const font = readFileSync(
  join(import.meta.dirname, "..", "node_modules/next/dist/next-devtools/server/font/geist-latin.woff2"),
);

const FILES = {
  "/files/a.css": {
    type: "text/css",
    body: `@import "b.css"; .chain-a { background: rgb(30, 120, 200); height: 80px }`,
  },
  "/files/b.css": {
    type: "text/css",
    body: `@import url("c.css"); .chain-b { background: rgb(220, 120, 20); height: 80px }`,
  },
  "/files/c.css": {
    type: "text/css",
    body: `.chain-c { background: rgb(40, 160, 60); height: 80px; width: 50% }`,
  },
  "/files/geist.woff2": { type: "font/woff2", body: font },
  "/files/frame.html": {
    type: "text/html",
    body: `<!doctype html><body style="margin:0;background:rgb(250,230,120)"><h2 style="color:rgb(120,20,120)">late frame</h2></body>`,
  },
};
const CDN_FILES: Record<string, { type: string; body: string }> = {
  "/theme.css": {
    type: "text/css",
    body: `.cdn { background: rgb(180, 40, 160); color: white; height: 150px; font-size: 40px } .cdn span { display: inline-block; width: 200px; background: rgb(20, 20, 90) }`,
  },
  "/chain/top.css": {
    type: "text/css",
    body: `@import "mid.css"; .x-top { background: rgb(200, 30, 90); height: 80px }`,
  },
  "/chain/mid.css": {
    type: "text/css",
    body: `@import url(deep/leaf.css) screen; .x-mid { background: rgb(30, 200, 90); height: 80px }`,
  },
  "/chain/deep/leaf.css": {
    type: "text/css",
    body: `.x-leaf { background: rgb(90, 30, 200); height: 80px; width: 60% }`,
  },
};

const box = (color: string, text = "") =>
  `<div style="background:${color};height:90px;margin:8px;font-size:24px">${text}</div>`;

interface Case {
  page: SitePage;
  /** What happens on the page after the recorder started, before the screenshot. */
  act?: (page: Page) => Promise<void>;
  /** The largest share of pixels that may differ between the original and the replay. */
  threshold: number;
  health: string | RegExp;
  /** CDN files gone once the server has fetched what it needs: the replay cannot load them itself. */
  withdraw?: string[];
}

const COMPLETE = "complete · 1 chunk · no gaps";

const cases = (cdn: string): Record<string, Case> => ({
  "shadow-dom": {
    page: {
      body: `<div id="host"></div><script>
        const r = document.getElementById("host").attachShadow({ mode: "open" });
        r.innerHTML = '<style>p{background:rgb(200,40,40);color:white;height:120px;font-size:30px;margin:10px}</style><p>in the shadow</p>';
      </script>`,
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  "custom-elements": {
    page: {
      body: `<x-card label="one"></x-card><x-card label="two"></x-card><script>
        customElements.define("x-card", class extends HTMLElement {
          connectedCallback() {
            const r = this.attachShadow({ mode: "open" });
            r.innerHTML = '<style>:host{display:block;margin:10px;background:rgb(60,90,200);height:100px;color:white;font-size:28px}</style>' + this.getAttribute("label");
          }
        });
      </script>`,
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  "nested-iframes": {
    page: {
      body: `<iframe id="outer" style="width:600px;height:400px;border:0" srcdoc="<body style='margin:0;background:rgb(200,230,250)'><p style='font-size:24px'>outer</p><iframe style='width:400px;height:200px;border:0' srcdoc='<body style=&quot;margin:0;background:rgb(40,140,80)&quot;><p>inner</p></body>'></iframe></body>"></iframe>`,
    },
    threshold: 0.02,
    health: COMPLETE,
  },
  "late-iframe": {
    page: { body: `${box("rgb(230,230,230)", "before the frame")}` },
    act: async (page) => {
      await page.evaluate(() => {
        const f = document.createElement("iframe");
        f.src = "/files/frame.html";
        f.style.cssText = "width:500px;height:250px;border:0";
        document.body.appendChild(f);
        return new Promise((r) => f.addEventListener("load", r));
      });
    },
    threshold: 0.02,
    health: COMPLETE,
  },
  "canvas-not-recorded": {
    page: {
      body: `<canvas id="c" width="300" height="150"></canvas><script>
        const x = document.getElementById("c").getContext("2d"); x.fillStyle = "rgb(220,30,30)"; x.fillRect(0, 0, 300, 150);
      </script>${box("rgb(40,40,160)")}`,
    },
    // The canvas replays blank, and the health line says so: 300×150 of 800×600 differ.
    threshold: 0.11,
    health: "this page had 1 canvas element; canvas is not recorded · 1 chunk · no gaps",
  },
  "canvas-opt-in": {
    page: {
      config: { canvas: { ...DEFAULT_SETTINGS.canvas, enabled: true, fps: 4 } },
      body: `<canvas id="c" width="300" height="150"></canvas><script>
        const x = document.getElementById("c").getContext("2d"); x.fillStyle = "rgb(220,30,30)"; x.fillRect(0, 0, 300, 150);
      </script>${box("rgb(40,40,160)")}`,
    },
    act: (page) => page.waitForTimeout(1200),
    threshold: 0.02,
    health: COMPLETE,
  },
  "import-chain": {
    page: {
      head: `<link rel="stylesheet" href="/files/a.css">`,
      body: `<div class="chain-a"></div><div class="chain-b"></div><div class="chain-c"></div>`,
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  "cross-origin-stylesheet": {
    page: {
      head: `<link rel="stylesheet" href="${cdn}/theme.css">`,
      body: `<div class="cdn">styled from elsewhere <span>x</span></div>`,
    },
    threshold: 0.01,
    // Unreadable by the recorder; the server fetched it, so the replay is styled.
    health: COMPLETE,
  },
  "cross-origin-import-chain": {
    page: {
      head: `<link rel="stylesheet" href="${cdn}/chain/top.css">`,
      body: `<div class="x-top"></div><div class="x-mid"></div><div class="x-leaf"></div>`,
    },
    // The sheets it imports are gone by the time of the replay: only the server's inlined copy styles them.
    withdraw: ["/chain/mid.css", "/chain/deep/leaf.css"],
    threshold: 0.01,
    health: COMPLETE,
  },
  "cross-origin-stylesheet-gone": {
    page: {
      head: `<link rel="stylesheet" href="${cdn}/gone.css">`,
      body: `<div class="cdn">a stylesheet that is not there</div>`,
    },
    threshold: 0.01,
    health: /^incomplete · 1 chunk · no gaps · 1 stylesheet not readable$/,
  },
  "insert-rule": {
    page: {
      head: `<style id="emotion"></style>`,
      body: `<div class="css-1">CSS-in-JS</div><div class="css-2"></div>`,
    },
    act: async (page) => {
      await page.evaluate(() => {
        const sheet = (document.getElementById("emotion") as HTMLStyleElement).sheet!;
        sheet.insertRule(".css-1 { background: rgb(240, 90, 30); height: 120px; font-size: 30px }", 0);
        sheet.insertRule(".css-2 { background: rgb(30, 90, 240); height: 120px; margin: 10px }", 1);
      });
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  "adopted-stylesheets": {
    page: { body: `<div class="adopted">adopted</div><div id="host"></div>` },
    act: async (page) => {
      await page.evaluate(() => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(".adopted { background: rgb(20, 150, 150); height: 120px; font-size: 30px }");
        document.adoptedStyleSheets = [sheet];
        const root = document.getElementById("host")!.attachShadow({ mode: "open" });
        const inner = new CSSStyleSheet();
        inner.replaceSync("p { background: rgb(150, 20, 150); height: 100px; margin: 10px }");
        root.adoptedStyleSheets = [inner];
        root.innerHTML = "<p>shadow adopted</p>";
      });
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  "web-fonts": {
    page: {
      head: `<style>@font-face { font-family: Geist; src: url(/files/geist.woff2) format("woff2") } .f { font-family: Geist, monospace; font-size: 48px }</style>`,
      body: `<p class="f">Web fonts load in the replay</p><p class="f" style="font-weight:700">Second line, bold</p>`,
    },
    act: (page) => page.evaluate(() => document.fonts.ready.then(() => undefined)),
    threshold: 0.01,
    health: COMPLETE,
  },
  svg: {
    page: {
      body: `<svg width="500" height="300" viewBox="0 0 500 300"><rect x="10" y="10" width="200" height="120" fill="rgb(200,50,50)"/><circle cx="350" cy="150" r="100" fill="rgb(50,50,200)"/><path d="M10 280 L250 160 L490 280 Z" fill="rgb(50,160,50)"/><text x="20" y="60" font-size="30" fill="white">svg</text></svg>`,
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  video: {
    page: {
      body: `<video width="480" height="270" style="background:rgb(20,20,20);display:block" poster="data:image/svg+xml,${encodeURIComponent("<svg xmlns='http://www.w3.org/2000/svg' width='480' height='270'><rect width='480' height='270' fill='rgb(230,160,20)'/></svg>")}"></video>${box("rgb(90,90,90)", "below the video")}`,
    },
    // Known difference: the replay draws the <video> with its controls and without the poster (rrweb
    // rebuilds media elements with controls); the video's box (480×270) is what differs.
    threshold: 0.3,
    health: COMPLETE,
  },
  "big-table": {
    page: {
      head: `<style>td{border:1px solid #999;padding:2px 6px} tr:nth-child(odd){background:rgb(220,235,250)}</style>`,
      body: `<table style="border-collapse:collapse">${Array.from(
        { length: 400 },
        (_, r) => `<tr>${Array.from({ length: 8 }, (_, c) => `<td>r${r}c${c}</td>`).join("")}</tr>`,
      ).join("")}</table>`,
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  "css-grid": {
    page: {
      head: `<style>.g{display:grid;grid-template-columns:1fr 2fr 1fr;grid-auto-rows:120px;gap:10px;padding:10px} .g div:nth-child(3n){background:rgb(200,60,60)} .g div:nth-child(3n+1){background:rgb(60,160,60)} .g div:nth-child(3n+2){background:rgb(60,60,200)} .wide{grid-column:span 2}</style>`,
      body: `<div class="g"><div class="wide"></div><div></div><div></div><div></div><div></div><div class="wide"></div><div></div></div>`,
    },
    threshold: 0.01,
    health: COMPLETE,
  },
  "focus-and-active": {
    page: {
      head: `<style>input{font-size:30px;width:400px;border:2px solid #ccc;outline:none} input:focus{background:rgb(255,220,120);border-color:rgb(200,40,40)}</style>`,
      body: `<p>focused field:</p><input id="in" value="focused">`,
    },
    act: async (page) => {
      await page.click("#in");
    },
    threshold: 0.01,
    health: COMPLETE,
  },
});

let browser: Browser;
let site: Site;
let all: Record<string, Case>;
let ws: string;

describe.skipIf(!hasChromium() && !process.env.CI)("fidelity", () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    site = await startSite(
      (cdn) => Object.fromEntries(Object.entries(cases(cdn)).map(([k, c]) => [`/${k}`, c.page])),
      FILES,
      CDN_FILES,
    );
    all = cases(site.cdn);
    // The server's asset fetcher may reach the local "CDN" (only listed hosts may be private).
    process.env.REWIND_OUTBOUND_ALLOW_HOSTS = new URL(site.cdn).host;
    // The workspace's asset store the player's asset route reads (lib/assets/store.ts).
    useTempDataDir();
    ws = (await createWorkspace((await createUser({ email: "fidelity@test.dev", name: "" })).id, "Fidelity"))
      .id;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    process.env.REWIND_OUTBOUND_ALLOW_HOSTS = "";
    resetEnvCache();
  });

  test("the suite covers at least 15 pages", () => {
    expect(Object.keys(cases("http://x")).length).toBeGreaterThanOrEqual(15);
  });

  for (const name of Object.keys(cases("http://x"))) {
    test(name, async () => {
      const c = all[name]!;
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      await page.goto(`${site.url}/${name}`);
      await recording(page);
      await c.act?.(page);
      await page.waitForTimeout(300);
      const original = await page.screenshot();
      const sessionId = await page.evaluate(() =>
        (window as unknown as { rewind: { getSessionId(): string } }).rewind.getSessionId(),
      );
      const events = await collect(page, site, sessionId);
      await context.close();

      // What the player does before rrweb sees the events: the server fetches what the recorder could not read.
      const fates = new Map<string, StylesheetFate>();
      const copies = new Map<string, string>();
      for (const href of unreadStylesheets(events)) {
        try {
          const asset = await replayAsset(ws, href);
          copies.set(href, Buffer.from(asset.bytes).toString("utf8"));
          fates.set(href, { href, recovered: true });
        } catch (e) {
          fates.set(href, { href, recovered: false, error: e instanceof Error ? e.message : String(e) });
        }
      }
      for (const path of c.withdraw ?? []) delete CDN_FILES[path];
      prepareCss(events, (h) => copies.get(h), stateSelectors);
      const { png, fontsMissing } = await replayShot(browser, site, events, VIEWPORT);
      writeFileSync(join(shots, `${name}-original.png`), original);
      writeFileSync(join(shots, `${name}-replay.png`), png);

      const counted = countCanvas(events as never);
      const health = withReplayCauses(
        recordingHealth({
          chunks: [
            {
              firstTs: events[0]!.timestamp,
              lastTs: events.at(-1)!.timestamp,
              seq: 0,
              window: "w",
              full: events.some((e) => e.type === 2),
              events: events.length,
              canvas: counted.canvasElements,
              canvasFrames: counted.canvasFrames,
            },
          ],
          hasFullSnapshot: events.some((e) => e.type === 2),
        }),
        replayCauses({
          stylesheets: [...fates.values()],
          fontsMissing,
          storms: mutationStorms(events),
          unloaded: { failed: 0, of: 1 },
        }),
      );
      const difference = pixelDifference(original, png);
      console.log(
        `fidelity ${name}: ${(difference * 100).toFixed(2)} % of pixels differ (threshold ${c.threshold * 100} %) · ${health.line}`,
      );
      if (typeof c.health === "string") expect(health.line).toBe(c.health);
      else expect(health.line).toMatch(c.health);
      expect(difference).toBeLessThanOrEqual(c.threshold);
    }, 60_000);
  }
});

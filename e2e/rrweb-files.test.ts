import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/data/settings";
import type { RunningApp } from "./helpers/app";
import type { HttpSession } from "./helpers/http";
import { closeStage, openShop, shots } from "./helpers/stage";
import { logIn, playhead } from "./helpers/ui";
import { until } from "./helpers/wait";

/**
 * rrweb files in and out, in Chromium: a visit recorded by the real SDK (network capture on) is
 * exported and played by a stock rrweb-player in a plain page with none of our code; the export
 * uploaded with the recordings page's import button (.json and .json.gz) shows progress, lands in
 * the player — which replays it, lists its requests on the timeline and seeks to them — and is listed.
 */

const SHOP_PAGE = `<h1>Quokka shop</h1>
<p id="status">Cart is empty</p>
<button id="buy" onclick="fetch('/api/cart', { method: 'POST' }).then(function () {
  document.getElementById('status').textContent = 'Added to cart';
})">Add to cart</button>`;
const PASSWORD = "correct horse battery";
const PLAYER_DIST = join(import.meta.dirname, "..", "node_modules", "rrweb-player", "dist");

let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let sessionId: string;
let exported: string;

/** The visit, recorded by the real SDK served by the app (network capture on); its session id. */
async function recordVisit(projectKey: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${app.url}/files-shop`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>Shop</title>
<script src="/sdk/loader.js" data-key="${projectKey}" data-network async></script></head>
<body>${SHOP_PAGE}</body></html>`,
    }),
  );
  await page.route(`${app.url}/api/cart`, (route) => route.fulfill({ status: 200, body: "ok" }));
  await page.route(`${app.url}/api/orders/77`, (route) => route.fulfill({ status: 404, body: "no" }));
  await page.goto(`${app.url}/files-shop`);
  const sid = await until("the SDK to start", () =>
    page.evaluate(() =>
      (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
    ),
  );
  await page.waitForFunction(() => Boolean((window as { __rewindCapture?: unknown }).__rewindCapture));
  await page.waitForTimeout(200);
  await page.locator("#buy").click();
  await page.locator("#status", { hasText: "Added to cart" }).waitFor();
  await page.evaluate(() => fetch("/api/orders/77").catch(() => {}));
  // Sent by the 5 s flush while the page lives, rather than by the exit beacon alone.
  await until(
    () => "the visit's requests and its last change to be stored",
    async () => {
      const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sid}/events`);
      const text = res.status === 200 ? await res.text() : "";
      return text.includes("Added to cart") && text.includes("/api/orders/77");
    },
    30_000,
  );
  await page.goto("about:blank");
  await context.close();
  return sid;
}

beforeAll(async () => {
  let projectKey: string;
  ({ app, browser, owner, slug, projectKey } = await openShop({
    email: "files-owner@demo.test",
    workspaceName: "Files Demo",
    password: PASSWORD,
  }));
  const on = await owner.fetch(`/api/v1/workspaces/${slug}/settings/recording`, {
    method: "PATCH",
    json: { network: { ...DEFAULT_SETTINGS.network, enabled: true } },
  });
  expect(on.status).toBe(200);
  sessionId = await recordVisit(projectKey);
  const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}/events`);
  expect(res.status).toBe(200);
  exported = await res.text();
}, 900_000);
afterAll(() => closeStage({ app, browser }));

/** Serves a plain page with rrweb-player's own dist files and the exported file: nothing of ours. */
async function stockPlayerPage(): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><html><head><link rel="stylesheet" href="/style.css"></head>
<body><div id="root"></div>
<script src="/rrweb-player.js"></script>
<script>
  fetch("/recording.json").then(function (r) { return r.json(); }).then(function (events) {
    var Player = window.rrwebPlayer.default || window.rrwebPlayer;
    var player = new Player({
      target: document.getElementById("root"),
      props: { events: events, autoPlay: false, width: 800, height: 500 },
    });
    player.goto(events[events.length - 1].timestamp - events[0].timestamp + 1);
    window.__loaded = events.length;
  });
</script></body></html>`;
  const files: Record<string, [string, string | Buffer]> = {
    "/": ["text/html", html],
    "/rrweb-player.js": ["text/javascript", readFileSync(join(PLAYER_DIST, "rrweb-player.umd.cjs"))],
    "/style.css": ["text/css", readFileSync(join(PLAYER_DIST, "style.css"))],
    "/recording.json": ["application/json", exported],
  };
  const server: Server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": file[0] }).end(file[1]);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("export", () => {
  test("the exported events play in a stock rrweb-player: the replay rebuilds the page's text", async () => {
    const events = JSON.parse(exported) as { type: number }[];
    expect(events.some((e) => e.type === 2)).toBe(true);
    const host = await stockPlayerPage();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(host.url);
      await page.waitForFunction(() => (window as { __loaded?: number }).__loaded);
      const text = await until(
        () => `the stock player to rebuild the page (page errors: ${errors.join("; ")})`,
        async () => {
          const t = await page.evaluate(
            () =>
              document.querySelector<HTMLIFrameElement>(".replayer-wrapper iframe")?.contentDocument?.body
                ?.textContent ?? "",
          );
          return t.includes("Added to cart") ? t : undefined;
        },
        20_000,
      );
      expect(text).toContain("Quokka shop");
      await page.screenshot({ path: join(shots, "rrweb-player-export.png") });
    } finally {
      await context.close();
      await host.close();
    }
  }, 60_000);
});

describe("the import button", () => {
  async function importThrough(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
    await page.goto(`${app.url}/${slug}/recordings`);
    await page.getByRole("button", { name: "Import rrweb JSON" }).waitFor();
    // The upload of a small file is quick: note whether the progress bar ever showed.
    await page.evaluate(() => {
      const w = window as { __progressSeen?: boolean };
      w.__progressSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('progress[aria-label="Import progress"]')) w.__progressSeen = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByTestId("import-rrweb-file").setInputFiles(file);
    await page.waitForURL(new RegExp(`/${slug}/recordings/(?!${sessionId})[A-Za-z0-9_-]+$`), {
      timeout: 30_000,
    });
    expect(await page.evaluate(() => (window as { __progressSeen?: boolean }).__progressSeen)).toBe(true);
    return new URL(page.url()).pathname.split("/").at(-1)!;
  }

  async function expectPlays(page: Page) {
    await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
    const frame = page.frameLocator("[data-testid=player] iframe");
    await until(
      () => "the imported recording to replay the shop page",
      async () => ((await frame.locator("body").textContent()) ?? "").includes("Quokka shop"),
      20_000,
    );
  }

  test("a .json upload shows progress, opens in the player, replays, lists its requests and is listed", async () => {
    const { context, page } = await logIn(browser, app.url, {
      email: "files-owner@demo.test",
      password: PASSWORD,
    });
    try {
      const id = await importThrough(page, {
        name: "visit.rrweb.json",
        mimeType: "application/json",
        buffer: Buffer.from(exported),
      });
      await expectPlays(page);
      // Its requests are on the timeline; a row lands on its own moment.
      await page.locator("[data-tab=timeline]").click();
      const cart = page.locator("[data-kind=network]", { hasText: "HTTP: POST /api/cart - 200" });
      const missing = page.locator("[data-kind=network]", { hasText: "HTTP: GET /api/orders/77 - 404" });
      await cart.waitFor();
      await missing.waitFor();
      expect(await missing.getAttribute("data-severity")).toBe("warning");
      const manifest = (await (await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${id}`)).json()) as {
        chunks: { firstTs: number }[];
      };
      const origin = manifest.chunks[0]!.firstTs;
      const request = (JSON.parse(exported) as { timestamp: number; data: { plugin?: string } }[]).find(
        (e) => e.data.plugin === "rewind/network@1",
      )!;
      await cart.click();
      await expect.poll(() => playhead(page)).toBeGreaterThan(request.timestamp - origin - 150);
      expect(await playhead(page)).toBeLessThan(request.timestamp - origin + 150);
      await expect.poll(() => cart.getAttribute("aria-current")).toBe("true");
      await page.screenshot({ path: join(shots, "import-rrweb-json.png") });

      // The network panel links to the recordings that made the same request: this one among them.
      await page.locator("[data-tab=network]").click();
      await page.getByTestId("network").getByText("/api/cart").click();
      await page.getByTestId("request-recordings").click();
      await page.waitForURL(/\/recordings\?q=/);
      expect(new URL(page.url()).searchParams.get("q")).toBe('request:"POST /api/cart" status:2xx');
      await page.locator(`a[href^="/${slug}/recordings/${id}?"]`).first().waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  test("a .json.gz upload is imported the same way", async () => {
    const { context, page } = await logIn(browser, app.url, {
      email: "files-owner@demo.test",
      password: PASSWORD,
    });
    try {
      const id = await importThrough(page, {
        name: "visit.rrweb.json.gz",
        mimeType: "application/gzip",
        buffer: gzipSync(exported),
      });
      await expectPlays(page);
      await page.goto(`${app.url}/${slug}/recordings`);
      await page.locator(`a[href^="/${slug}/recordings/${id}?"]`).first().waitFor();
      const again = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${id}/events`);
      expect(JSON.parse(await again.text())).toEqual(JSON.parse(exported));
    } finally {
      await context.close();
    }
  }, 120_000);
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";
import { launchChromium } from "./helpers/browser";
import { type HttpSession, projectKeyOf, signUp } from "./helpers/http";
import { ingestAll, longRecording } from "./helpers/long-recording";
import { shots } from "./helpers/stage";

/**
 * A share link's replay gets the cross-origin stylesheet the recorder could not read: the player
 * asks the share's own asset route (the workspace's needs a member), the server fetches the sheet
 * from the recorded site once, and the replayed page is styled by it. The "CDN" answers without
 * CORS and only to the server (the viewer's browser is refused), so the style can only come
 * through the route.
 */

let app: RunningApp;
let browser: Browser;
let cdn: Server;
let cdnUrl: string;
let owner: HttpSession;
let slug: string;
let key: string;
const cdnHits: { path: string; agent: string }[] = [];

beforeAll(async () => {
  cdn = createServer((req, res) => {
    const agent = req.headers["user-agent"] ?? "";
    cdnHits.push({ path: req.url ?? "", agent });
    // A browser asking directly is refused: only the server's fetch gets the sheet.
    if (/Chrome/.test(agent)) return res.writeHead(403).end();
    if (req.url === "/theme.css")
      return res
        .writeHead(200, { "content-type": "text/css" })
        .end("header { background: rgb(180, 40, 160) !important; color: rgb(255, 255, 255) }");
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => cdn.listen(0, "127.0.0.1", r));
  cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
  app = await startApp({ env: { REWIND_OUTBOUND_ALLOW_HOSTS: new URL(cdnUrl).host } });
  browser = await launchChromium();
  const signed = await signUp(app.url, { email: "share-assets@player.test", workspaceName: "Share Assets" });
  owner = signed.session;
  slug = signed.workspace.slug;
  key = await projectKeyOf(owner, slug);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop({ removeData: true });
  await new Promise((r) => cdn?.close(r));
});

type Node = { id?: number; tagName?: string; childNodes?: Node[] };

test("a share link's replay is styled by the recorded site's cross-origin stylesheet", async () => {
  const r = longRecording({ start: Date.now() - 3600_000, durationMs: 30_000, chunkEveryMs: 10_000 });
  const first = r.batches[0] as { events: { type: number; data: { node?: Node } }[] };
  const head = (function find(n: Node): Node | undefined {
    if (n.tagName === "head") return n;
    for (const c of n.childNodes ?? []) {
      const found = find(c);
      if (found) return found;
    }
  })(first.events.find((e) => e.type === 2)!.data.node!)!;
  // A link the recorder could not read: no _cssText.
  head.childNodes!.push({
    type: 2,
    id: 900,
    tagName: "link",
    attributes: { rel: "stylesheet", href: `${cdnUrl}/theme.css` },
    childNodes: [],
  } as Node);
  await ingestAll(app.url, key, r.batches);

  const policy = await owner.fetch(`/api/v1/workspaces/${slug}/settings/sharing`, {
    method: "PUT",
    json: { enabled: true, allowNever: false },
  });
  expect(policy.status).toBe(200);
  const made = await owner.fetch(`/api/v1/workspaces/${slug}/shares`, {
    json: { kind: "recording", targetId: r.sessionId, expiry: "1d" },
  });
  expect(made.status).toBe(201);
  const { path } = (await made.json()) as { path: string };

  const stranger = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const view = await stranger.newPage();
  const assetRequests: string[] = [];
  view.on("request", (q) => {
    if (q.url().includes("/assets?")) assetRequests.push(new URL(q.url()).pathname);
  });
  await view.goto(`${app.url}${path}`);
  await view.locator("[data-status=ready]").waitFor({ timeout: 60_000 });
  const background = await view.waitForFunction(
    () => {
      const doc = document.querySelector<HTMLIFrameElement>("[data-testid=player] iframe")?.contentDocument;
      const header = doc?.querySelector("header");
      const bg = header ? getComputedStyle(header).backgroundColor : "";
      return bg === "rgb(180, 40, 160)" && bg;
    },
    undefined,
    { timeout: 30_000 },
  );
  expect(await background.jsonValue()).toBe("rgb(180, 40, 160)");
  await view.screenshot({ path: join(shots, "share-assets.png") });
  expect(assetRequests.length).toBeGreaterThan(0);
  expect(
    assetRequests.every((p) => p === `/api/share/${path.split("/").at(-1)}/recordings/${r.sessionId}/assets`),
  ).toBe(true);
  // Fetched once, by the server; the viewer's browser never asked the site.
  expect(cdnHits.filter((h) => h.path === "/theme.css" && !/Chrome/.test(h.agent))).toHaveLength(1);
  expect(cdnHits.filter((h) => /Chrome/.test(h.agent))).toEqual([]);
  await stranger.close();
}, 300_000);

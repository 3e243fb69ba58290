import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";
import { launchChromium } from "./helpers/browser";
import { type HttpSession, signUp } from "./helpers/http";

/** The server dies mid-session (SIGKILL) and comes back: the SDK's retries deliver every batch once. */

let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let proxy: IngestWitness;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  const signed = await signUp(app.url, { email: "crash@demo.test", workspaceName: "Crash Test" });
  owner = signed.session;
  slug = signed.workspace.slug;
  proxy = await witnessIngest(app.port);
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await app?.stop({ removeData: true });
});

function batchIdOf(body: Buffer): string | null {
  if (!body.length) return null;
  const text = (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString("utf8");
  return (JSON.parse(text) as { batchId: string }).batchId;
}

interface IngestWitness {
  url: string;
  batchIds(): Set<string>;
  /** Ingest requests that met the app down (and so had to be retried). */
  cut(): number;
  close(): Promise<void>;
}

/**
 * The page talks to the app through this proxy, which notes the batch id of every ingest body that
 * leaves the browser, keepalive fetches and beacons sent during unload included (page-side patches
 * and request events miss those). While the app is down the browser's connection is cut, as a
 * refused connection would be.
 */
async function witnessIngest(port: number): Promise<IngestWitness> {
  const ids = new Set<string>();
  let cut = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST" && req.url?.startsWith("/api/v1/ingest")) {
        const id = batchIdOf(body);
        if (id) ids.add(id);
      }
      const upstream = httpRequest(
        { host: "127.0.0.1", port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (req.url?.startsWith("/api/v1/ingest")) cut++;
        res.destroy();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    batchIds: () => new Set(ids),
    cut: () => cut,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test("a server killed and restarted mid-session loses and duplicates nothing", async () => {
  const keys = (await (await owner.fetch(`/api/v1/workspaces/${slug}/keys`)).json()) as {
    projectKey: { current: string };
  };
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${proxy.url}/demo?key=${keys.projectKey.current}`);
  await page.waitForFunction(() =>
    (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
  );
  const sessionId = await page.evaluate(() =>
    (window as unknown as { rewind: { getSessionId(): string } }).rewind.getSessionId(),
  );
  const addToCart = page.getByRole("button", { name: "Add to cart" });

  await addToCart.first().click();
  await page.waitForTimeout(5500); // one timed batch reaches the live server

  await app.stop({ signal: "SIGKILL" });
  for (let i = 0; i < 6; i++) {
    await addToCart.nth(i % 3).click();
    await page.waitForTimeout(1000);
  }
  await page.waitForTimeout(5000); // batches made while the server is down are queued for retry

  app = await startApp({ dataDir: app.dataDir, port: app.port });
  await addToCart.nth(4).click();
  // Retries back off up to a few seconds; give them time to get through before leaving.
  await page.waitForTimeout(12_000);
  // Leaving sends what is left (the page's vitals among it) by keepalive fetch or sendBeacon.
  await page.goto("about:blank");
  await page.waitForTimeout(3000);
  const sentBatchIds = proxy.batchIds();

  const session = (await (
    await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}`)
  ).json()) as {
    session: { chunkCount: number; fields: Record<string, string> };
    chunks: { id: string }[];
  };
  expect(session.chunks).toHaveLength(session.session.chunkCount);
  const stored: string[] = [];
  for (const chunk of session.chunks) {
    const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}/chunks/${chunk.id}`);
    expect(res.status).toBe(200);
    const raw = Buffer.from(await res.arrayBuffer());
    stored.push(batchIdOf(raw)!);
  }
  expect(proxy.cut()).toBeGreaterThan(0); // batches did meet the server down
  expect(new Set(stored).size).toBe(stored.length); // no duplicates
  expect(new Set(stored)).toEqual(sentBatchIds); // every batch the page produced arrived
  expect(Number(session.session.fields.clickCount)).toBe(8);
  await context.close();
}, 120_000);

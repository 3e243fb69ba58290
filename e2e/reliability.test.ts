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

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
  const signed = await signUp(app.url, { email: "crash@demo.test", workspaceName: "Crash Test" });
  owner = signed.session;
  slug = signed.workspace.slug;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop({ removeData: true });
});

function batchIdOf(body: Buffer): string | null {
  if (!body.length) return null;
  const text = (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString("utf8");
  return (JSON.parse(text) as { batchId: string }).batchId;
}

test("a server killed and restarted mid-session loses and duplicates nothing", async () => {
  const keys = (await (await owner.fetch(`/api/v1/workspaces/${slug}/keys`)).json()) as {
    projectKey: { current: string };
  };
  const context = await browser.newContext();
  const page = await context.newPage();
  // Every batch the SDK hands to fetch or sendBeacon, read in the page (beacon bodies are not
  // always visible to the test's request events).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __sent: string[] }).__sent = seen;
    const note = async (body: unknown) => {
      try {
        let bytes: Uint8Array;
        if (body instanceof Blob) bytes = new Uint8Array(await body.arrayBuffer());
        else if (body instanceof Uint8Array) bytes = body;
        else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
        else if (typeof body === "string") bytes = new TextEncoder().encode(body);
        else return;
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
          const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
          bytes = new Uint8Array(await new Response(stream).arrayBuffer());
        }
        seen.push(JSON.parse(new TextDecoder().decode(bytes)).batchId);
      } catch {}
    };
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes("/api/v1/ingest"))
        void note(init?.body);
      return realFetch(input, init);
    };
    const realBeacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      void note(data);
      return realBeacon(url, data);
    };
  });
  await page.goto(`${app.url}/demo?key=${keys.projectKey.current}`);
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
  const sentBatchIds = new Set(
    await page.evaluate(async () => {
      // Leaving the page hands the rest to a compressed keepalive fetch (or sendBeacon); compression
      // is asynchronous, so read what was sent once nothing more has gone out for 1.5 s.
      dispatchEvent(new PageTransitionEvent("pagehide"));
      const sent = () => (window as unknown as { __sent: string[] }).__sent;
      let seen = -1;
      await new Promise((r) => setTimeout(r, 500));
      while (sent().length !== seen) {
        seen = sent().length;
        await new Promise((r) => setTimeout(r, 1500));
      }
      return sent();
    }),
  );
  await page.goto("about:blank");
  await page.waitForTimeout(1500);

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
  expect(new Set(stored).size).toBe(stored.length); // no duplicates
  expect(new Set(stored)).toEqual(sentBatchIds); // every batch the page produced arrived
  expect(Number(session.session.fields.clickCount)).toBe(8);
  await context.close();
}, 120_000);

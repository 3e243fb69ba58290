import type { Request } from "playwright-core";
import { describe, expect, test } from "vitest";
import { type DecodedBatch, decodeBatch } from "@/lib/ingest/prepare";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { EventType, IncrementalSource, MouseInteractions } from "@/sdk/src/wire";
import { hasChromium } from "./helpers/browser";
import { sdkStage } from "./helpers/sdk-sink";
import { until } from "./helpers/wait";

/**
 * One wire format (sdk/src/wire.ts): what the built SDK (sdk/build.mjs → public/sdk) sends from a
 * real page, taken off the wire by page.route before any server reads it, is decoded as ingest
 * decodes it (lib/ingest/prepare.ts decodeBatch: inflate, the body caps, then the zod batch schema
 * of lib/ingest/schema.ts) and must parse, holding a full snapshot and incremental events.
 * tests/ingest/wire.test.ts parses a corpus recorded once; this records afresh on every run.
 */

const PAGE = `<h1>Checkout</h1>
<label>Name <input id="name"></label>
<button id="add" onclick="const list = document.getElementById('list'); list.insertAdjacentHTML('beforeend', '<li>item ' + list.children.length + '</li>')">Add</button>
<ul id="list"></ul>
<div style="height: 3000px">tall</div>`;

/** The ingest route's body cap (env INGEST_MAX_BYTES' default). */
const LIMIT = 25 * 1024 * 1024;

describe.skipIf(!hasChromium() && !process.env.CI)("a batch the built SDK sends parses on the server", () => {
  const stage = sdkStage({ "/checkout.bare": PAGE });

  test("every intercepted batch decodes and validates as ingest's, with a full snapshot and incremental events", async () => {
    const context = await stage.browser.newContext();
    const page = await context.newPage();
    const sent: { request: Request; body: Buffer }[] = [];
    await page.route("**/api/v1/ingest**", async (route) => {
      sent.push({ request: route.request(), body: route.request().postDataBuffer() ?? Buffer.alloc(0) });
      await route.fulfill({ status: 200, contentType: "application/json", body: '{"ok":true}' });
    });
    await page.goto(`${stage.sink.url}/checkout.bare`);
    // The script tag as a site writes it, flushing every 500 ms so the batches leave while the test watches.
    await page.evaluate(() => {
      const tag = document.createElement("script");
      tag.src = "/sdk/loader.js";
      tag.dataset.key = "pk_testtesttesttest";
      tag.dataset.flushIntervalMs = "500";
      document.head.appendChild(tag);
    });
    await page.waitForFunction(() =>
      (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
    );
    await page.fill("#name", "Ada");
    for (let i = 0; i < 3; i++) await page.click("#add");
    await page.mouse.wheel(0, 400);

    const decoded = (): DecodedBatch[] => sent.map(({ body }) => decodeBatch(new Uint8Array(body), LIMIT));
    const incremental = (events: RrwebEvent[], source: IncrementalSource) =>
      events.filter((e) => e.type === EventType.IncrementalSnapshot && e.data.source === source);
    const clicksIn = (events: RrwebEvent[]) =>
      incremental(events, IncrementalSource.MouseInteraction).filter(
        (e) => e.data.type === MouseInteractions.Click,
      );
    await until(
      () => `a full snapshot, the input, three clicks and their mutations among ${sent.length} batches`,
      async () => {
        const events = decoded().flatMap((d) => d.batch.events);
        return (
          events.some((e) => e.type === EventType.FullSnapshot) &&
          incremental(events, IncrementalSource.Input).length > 0 &&
          clicksIn(events).length >= 3 &&
          JSON.stringify(incremental(events, IncrementalSource.Mutation)).includes("item 2")
        );
      },
      30_000,
    );
    await context.close();

    // Every body was gzipped by the SDK, and each one the server would take (decodeBatch throws
    // ingest's 400 otherwise, naming the field).
    expect(sent.length).toBeGreaterThan(0);
    for (const { request, body } of sent) {
      expect(request.method()).toBe("POST");
      expect([body[0], body[1]]).toEqual([0x1f, 0x8b]);
    }
    const batches = decoded().map((d) => d.batch);
    const events = batches.flatMap((b) => b.events);
    // One session, its batches numbered in order, each batch id once.
    expect(new Set(batches.map((b) => b.sessionId)).size).toBe(1);
    expect(batches.map((b) => b.seq).sort((a, b) => a - b)).toEqual(batches.map((_, i) => i));
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(batches.length);
    expect(batches.every((b) => b.v === 1 && typeof b.sdk === "string")).toBe(true);
    // The page as rrweb records it: meta, full snapshot, then the visitor's input and clicks.
    expect(events.find((e) => e.type === EventType.Meta)?.data.href).toMatch(/\/checkout\.bare$/);
    const snapshot = events.find((e) => e.type === EventType.FullSnapshot);
    expect(JSON.stringify(snapshot?.data.node)).toContain("Checkout");
    // Masked by default: the typed value never leaves the page.
    expect(incremental(events, IncrementalSource.Input).at(-1)?.data.text).toBe("***");
    expect(clicksIn(events)).toHaveLength(3);
    expect(JSON.stringify(incremental(events, IncrementalSource.Mutation))).toContain("item 0");
  }, 120_000);
});

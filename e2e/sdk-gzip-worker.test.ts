import { gunzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { hasChromium } from "./helpers/browser";
import {
  expectSameBody,
  liveBody,
  type RecordedEvent,
  recordedPage,
  replayBody,
  sdkStage,
  sendAll,
} from "./helpers/sdk-sink";
import { until } from "./helpers/wait";

/**
 * Batches are gzipped in a worker the recorder builds from a Blob URL (sdk/src/gzip-worker.ts);
 * where the page's CSP blocks blob: workers, on the main thread. Both must send the same events.
 */

// Big enough that the full snapshot's batch is serialized in slices (sdk/src/serialize.ts).
const PAGE = `<meta charset="utf-8"><script>window.__violations = []; document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.effectiveDirective))</script>
${Array.from({ length: 1500 }, (_, i) => `<div class="row"><span>item ${i}</span><p>text é 漢字 😀 <b>${i}</b></p></div>`).join("")}`;

/** Every body the page sends to the ingest route, as the browser sent it. */
function ingestBodies(page: Page): Buffer[] {
  const bodies: Buffer[] = [];
  page.on("request", (request) => {
    const body = request.postDataBuffer();
    if (request.url().includes("/api/v1/ingest") && body) bodies.push(body);
  });
  return bodies;
}

const decoded = (bodies: Buffer[]) =>
  bodies.flatMap((b) => (JSON.parse(gunzipSync(b).toString("utf8")) as { events: RecordedEvent[] }).events);

describe.skipIf(!hasChromium() && !process.env.CI)("gzip off the main thread", () => {
  const stage = sdkStage({ "/page": PAGE, "/page.no-workers": PAGE });

  async function recordOnce(path: string) {
    const before = stage.sink.events().length;
    const { context, page } = await recordedPage(stage, path);
    const bodies = ingestBodies(page);
    // The change comes after the full snapshot was sent: made while the snapshot is still being
    // taken in slices (a loaded box), it would be in one run's snapshot and not the other's.
    await until("the full snapshot at the sink", async () =>
      stage.sink
        .events()
        .slice(before)
        .some((e) => e.type === 2),
    );
    await page.evaluate(() => {
      document.querySelector("span")!.textContent = "changed after the snapshot";
    });
    await sendAll(page, stage.sink, (evs) => JSON.stringify(evs.slice(before)).includes("changed after"));
    const workers = page.workers().map((w) => w.url());
    const violations = page.url().startsWith("about:")
      ? null
      : await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    const live = page.url().startsWith("about:") ? null : await liveBody(page);
    await context.close();
    return { workers, violations, bodies, live, events: stage.sink.events().slice(before) };
  }

  test("a worker gzips the batches; a page whose CSP blocks workers gzips them itself; the same events leave", async () => {
    const viaWorker = await recordOnce("/page");
    expect(viaWorker.workers.some((url) => url.startsWith("blob:"))).toBe(true);
    const onMainThread = await recordOnce("/page.no-workers");
    expect(onMainThread.workers).toEqual([]);
    if (onMainThread.violations) expect(onMainThread.violations).toContain("worker-src");

    for (const run of [viaWorker, onMainThread]) {
      // Every request body is gzip and decodes to the events the sink stored.
      expect(run.bodies.length).toBeGreaterThan(0);
      for (const body of run.bodies) expect([body[0], body[1]]).toEqual([0x1f, 0x8b]);
      const sent = decoded(run.bodies);
      expect(sent.length).toBeGreaterThan(0);
      const snapshot = sent.find((e) => e.type === 2);
      expect(snapshot).toBeDefined();
      if (run.live) expectSameBody(await replayBody(stage.browser, stage.sink, run.events), run.live);
    }
    // The two paths serialize the same page to the same snapshot, byte for byte (compared as a
    // boolean: a failure must not print a 600 KB tree twice).
    const tree = (events: RecordedEvent[]) => JSON.stringify(events.find((e) => e.type === 2)?.data.node);
    const sameTree = tree(decoded(viaWorker.bodies)) === tree(decoded(onMainThread.bodies));
    expect(sameTree).toBe(true);
    expect(tree(decoded(viaWorker.bodies)).includes("text é 漢字 😀")).toBe(true);
  }, 180_000);
});

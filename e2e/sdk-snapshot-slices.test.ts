import { cpus, loadavg } from "node:os";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { hasChromium } from "./helpers/browser";
import {
  addSdk,
  expectSameBody,
  fullSnapshotSent,
  liveBody,
  recording,
  replayBody,
  sdkStage,
  sendAll,
} from "./helpers/sdk-sink";

/**
 * Issue #18 item 3: on a ~50k-node page the full snapshot is not one long task. The page loads
 * without the SDK; once it is idle the test adds the script tag and watches every long task from
 * then on (PerformanceObserver 'longtask'); the snapshot sent must replay to the same page.
 */

// 3,600 blocks of 14 nodes (elements and texts): ~50k nodes.
const BLOCKS = 3600;
const DEEP = Array.from(
  { length: BLOCKS },
  (_, i) =>
    `<div class="c"><span>item ${i}</span><ul><li>a</li><li>b</li><li>c</li></ul><p>text <b>${i}</b></p></div>`,
).join("");
const WATCH_LONG_TASKS = `<script>window.__long = []; new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration });
}).observe({ type: "longtask", buffered: true });</script>`;

type Window_ = Window & { __long: { start: number; duration: number }[]; __mutate?: () => void };

/** The long tasks (ms) that started after `since` (performance.now() of the page). */
const longTasksSince = (page: Page, since: number) =>
  page.evaluate((t) => (window as unknown as Window_).__long.filter((e) => e.start >= t), since);

describe.skipIf(!hasChromium() && !process.env.CI)("the full snapshot of a ~50k-node page", () => {
  const stage = sdkStage({
    "/deep.bare": `${WATCH_LONG_TASKS}${DEEP}`,
    // The page changes while the snapshot is taken: a block's text, a class, a new block, a removal.
    "/busy.bare":
      `${WATCH_LONG_TASKS}${DEEP}<script>window.__mutate = () => { let n = 0; const t = setInterval(() => {
        const blocks = document.querySelectorAll(".c");
        blocks[n * 97].querySelector("span").textContent = "changed " + n;
        blocks[BLOCKS - 1 - n * 13].className = "c moved-" + n;
        const extra = document.createElement("div"); extra.className = "c"; extra.innerHTML = "<span>added " + n + "</span>";
        document.body.insertBefore(extra, blocks[n * 31]);
        blocks[n * 53 + 5].remove();
        if (++n === 30) clearInterval(t); }, 40); };</script>`.replaceAll("BLOCKS", String(BLOCKS)),
    // A pane scrolled before the SDK starts: the sliced snapshot reads scroll offsets at commit.
    "/scrolled.bare": `${WATCH_LONG_TASKS}${DEEP}<div id="pane" style="height:100px;overflow:auto"><div style="height:2000px">tall</div></div>
<script>document.getElementById("pane").scrollTop = 300;</script>`,
  });

  async function record(path: string, during?: (page: Page) => Promise<void>) {
    const context = await stage.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stage.sink.url}${path}`, { waitUntil: "load" });
    await page.waitForTimeout(1000);
    const since = await page.evaluate(() => performance.now());
    await addSdk(page);
    await during?.(page);
    await recording(page);
    const before = stage.sink.events().length;
    // The snapshot is sent shortly after it is taken; wait for it while the page stays open.
    await fullSnapshotSent(stage, page, before);
    await page.waitForTimeout(1500);
    const long = await longTasksSince(page, since);
    const live = await liveBody(page);
    await sendAll(page, stage.sink, (evs) => evs.slice(before).some((e) => e.type === 2));
    await context.close();
    return { long, live, events: stage.sink.events().slice(before) };
  }

  test("no long task of 100 ms or more while the SDK starts, and the snapshot replays to the page", async () => {
    const { long, live, events } = await record("/deep.bare");
    const longest = Math.max(0, ...long.map((e) => e.duration));
    // Long tasks are wall-clock time: on a box with more runnable threads than cores the scheduler
    // stretches every task (garbage collection included) by about load/cores. There the bound grows
    // with it and still catches the one-task snapshot coming back (seconds: 6.9 s here before).
    const load = loadavg()[0] ?? 0;
    const stretch = Math.max(1, load / cpus().length);
    const bound = Math.min(100 * stretch, 1500);
    console.log(
      `sdk start on ${BLOCKS * 14} nodes: longest task ${Math.round(longest)} ms (bound ${Math.round(bound)} ms, load ${load.toFixed(1)} on ${cpus().length} cores); all: ${JSON.stringify(long.map((e) => Math.round(e.duration)))}`,
    );
    expect(events.filter((e) => e.type === 2)).toHaveLength(1);
    const replayed = await replayBody(stage.browser, stage.sink, events);
    expectSameBody(replayed, live);
    expect(longest).toBeLessThan(bound);
  }, 180_000);

  test("an SPA navigation's fresh snapshot of the same page is sliced too: no long task of 100 ms or more", async () => {
    const context = await stage.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${stage.sink.url}/deep.bare`, { waitUntil: "load" });
      await page.waitForTimeout(1000);
      const before = stage.sink.events().length;
      await addSdk(page);
      await recording(page);
      await fullSnapshotSent(stage, page, before);
      await page.waitForTimeout(1000);
      const afterFirst = stage.sink.events().length;
      const since = await page.evaluate(() => performance.now());
      // A router's navigation: the recorder takes a checkpoint (a new full snapshot) of the page.
      await page.evaluate(() => history.pushState({}, "", "/deep.bare?view=2"));
      await fullSnapshotSent(stage, page, afterFirst);
      await page.waitForTimeout(1500);
      const long = await longTasksSince(page, since);
      await sendAll(page, stage.sink, (evs) => evs.slice(afterFirst).some((e) => e.type === 2));
      const longest = Math.max(0, ...long.map((e) => e.duration));
      const load = loadavg()[0] ?? 0;
      const bound = Math.min(100 * Math.max(1, load / cpus().length), 1500);
      console.log(
        `re-snapshot on ${BLOCKS * 14} nodes: longest task ${Math.round(longest)} ms (bound ${Math.round(bound)} ms, load ${load.toFixed(1)}); all: ${JSON.stringify(long.map((e) => Math.round(e.duration)))}`,
      );
      const fresh = stage.sink.events().slice(afterFirst);
      expect(fresh.filter((e) => e.type === 2)).toHaveLength(1);
      expect(longest).toBeLessThan(bound);
    } finally {
      await context.close();
    }
  }, 180_000);

  test("a page that changes while the snapshot is taken still replays to what it shows", async () => {
    const { live, events } = await record("/busy.bare", (page) =>
      page.evaluate(() => (window as unknown as Window_).__mutate?.()),
    );
    expect(live.text).toContain("changed 29");
    const replayed = await replayBody(stage.browser, stage.sink, events);
    expectSameBody(replayed, live);
  }, 180_000);

  test("an element scrolled before the snapshot keeps its offset in it", async () => {
    const { events } = await record("/scrolled.bare");
    type Node_ = { attributes?: Record<string, unknown>; childNodes?: Node_[] };
    const find = (n: Node_): Node_ | undefined =>
      n.attributes?.id === "pane" ? n : n.childNodes?.map(find).find(Boolean);
    const snapshot = events.find((e) => e.type === 2);
    const pane = find(snapshot?.data.node as Node_);
    expect(pane?.attributes).toMatchObject({ rr_scrollTop: 300 });
  }, 180_000);
});

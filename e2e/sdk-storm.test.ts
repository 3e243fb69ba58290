import { describe, expect, test } from "vitest";
import { STORM_EVENT } from "@/sdk/src/storm";
import { hasChromium } from "./helpers/browser";
import { recordedPage, replayText, sdkStage, sendAll } from "./helpers/sdk-sink";

/**
 * The mutation-storm guard in Chromium: a page that rewrites tens of thousands of nodes at once gets
 * a `$mutation-storm` marker and a fresh full snapshot once it settles, and the recording still
 * replays to what the page showed at the end.
 */

const TABLE = `<table><tbody id="t">${Array.from({ length: 200 }, (_, i) => `<tr><td>row ${i}</td><td>${i}</td></tr>`).join("")}</tbody></table><p id="last">before</p>`;

describe.skipIf(!hasChromium() && !process.env.CI)("mutation storms", () => {
  const stage = sdkStage({ "/table": TABLE });

  test("a burst of 24k changed elements is marked, re-snapshotted after it settles, and replays to the end state", async () => {
    const { context, page } = await recordedPage(stage, "/table");
    await page.waitForTimeout(500);
    // 8,000 rows of 3 elements each (tr, 2 td) replace the table in one go.
    await page.evaluate(() => {
      document.getElementById("t")!.innerHTML = Array.from(
        { length: 8000 },
        (_, i) => `<tr><td>new ${i}</td><td>${i}</td></tr>`,
      ).join("");
    });
    // Once the page is quiet the recorder takes a fresh snapshot; a later change is recorded as usual.
    await page.waitForTimeout(3000);
    await page.evaluate(() => {
      document.getElementById("last")!.textContent = "after the storm";
    });
    await page.waitForTimeout(300);
    const live = await page.evaluate(() => document.body.textContent ?? "");
    await sendAll(page, stage.sink, (evs) =>
      // In the fresh snapshot or in a mutation after it, depending on how long the snapshot took.
      evs.some((e) => (e.type === 2 || e.type === 3) && JSON.stringify(e.data).includes("after the storm")),
    );
    await context.close();

    const events = stage.sink.events();
    const storm = events.findIndex((e) => e.type === 5 && e.data.tag === STORM_EVENT);
    expect(storm).toBeGreaterThan(0);
    expect((events[storm]!.data.payload as { nodes: number }).nodes).toBeGreaterThanOrEqual(20_000);
    expect(events.filter((e) => e.type === 2)).toHaveLength(2);
    const resnapshot = events.findIndex((e, i) => i > storm && e.type === 2);
    expect(resnapshot).toBeGreaterThan(storm);
    // rrweb was stopped before it saw the burst: no mutation carries the rows, the snapshot does.
    expect(events.some((e) => e.type === 3 && JSON.stringify(e.data).includes("new 7999"))).toBe(false);
    expect(JSON.stringify(events[resnapshot]!.data)).toContain("new 7999");
    const replayed = await replayText(stage.browser, stage.sink, events);
    expect(replayed).toContain("new 7999");
    expect(replayed).toContain("after the storm");
    expect(replayed.replace(/\s+/g, "")).toBe(live.replace(/\s+/g, ""));
  }, 150_000);
});

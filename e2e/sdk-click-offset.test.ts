import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLICK_PLUGIN, type ClickOffsetPayload, IncrementalSource, MouseInteractions } from "@/sdk/src/wire";
import { hasChromium, launchChromium } from "./helpers/browser";
import { type RecordedEvent, recording, type Sink, sendAll, startSink } from "./helpers/sdk-sink";

/**
 * The click-offset signal of the built SDK (public/sdk/signals.js) in Chromium: each primary click
 * gets a `rewind/click@1` event naming rrweb's node id of the click and where in its target
 * element's box it landed; none inside a blocked element; at most a few per second.
 */

const PAGE = `<div style="padding: 40px">
  <button id="buy" style="width: 200px; height: 50px; margin-left: 100px; padding: 0; border: 0"><span class="label" style="display: block; height: 100%">Buy now</span></button>
  <p style="height: 30px">plain text</p>
  <div data-rewind-block><a href="#x" id="secret" style="display:inline-block;width:100px;height:40px">hidden</a></div>
  <a href="#y" id="many" style="display:inline-block;width:100px;height:40px">many</a>
</div>`;

let browser: Browser;
let sink: Sink;

const offsets = (events: RecordedEvent[]) =>
  events
    .filter((e) => e.type === 6 && e.data.plugin === CLICK_PLUGIN)
    .map((e) => ({ at: e.timestamp, ...(e.data.payload as ClickOffsetPayload) }));
const clicks = (events: RecordedEvent[]) =>
  events.filter(
    (e) =>
      e.type === 3 &&
      e.data.source === IncrementalSource.MouseInteraction &&
      e.data.type === MouseInteractions.Click,
  );

describe.skipIf(!hasChromium() && !process.env.CI)("click offsets", () => {
  beforeAll(async () => {
    sink = await startSink({ "/shop": PAGE });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sink?.close();
  });

  test("a click names rrweb's node and its offset in the target's box; blocked elements get none; bounded per second", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${sink.url}/shop`);
    await recording(page);
    // The signals chunk arrives after recording starts.
    await page.waitForFunction(() => "__rewindSignals" in window);
    await page.waitForTimeout(300);
    // On the label inside the button, a quarter across and three quarters down the button.
    const buy = (await page.locator("#buy").boundingBox())!;
    await page.mouse.click(buy.x + buy.width * 0.25, buy.y + buy.height * 0.75);
    // Text that is in no target: rrweb records the click, no offset is sent.
    await page.click("p");
    await page.click("#secret");
    await page.waitForTimeout(1100);
    // A burst of 30 clicks on one link: 5 offsets a second at most (10 if it straddles a second).
    await page.evaluate(async () => {
      const a = document.getElementById("many")!;
      const box = a.getBoundingClientRect();
      for (let i = 0; i < 30; i++)
        a.dispatchEvent(
          new MouseEvent("click", {
            bubbles: true,
            clientX: box.left + 10,
            clientY: box.top + 10,
            button: 0,
          }),
        );
    });
    await sendAll(page, sink, (evs) => offsets(evs).length >= 2 && clicks(evs).length >= 32);
    await context.close();

    const events = sink.events();
    const sent = offsets(events);
    const first = sent[0]!;
    // rrweb named the <span> (the event's target); the box is the button's, one level up.
    const click = clicks(events)[0]!;
    expect(first.id).toBe(click.data.id);
    expect(first.up).toBe(1);
    expect(first.w).toBe(200);
    expect(first.h).toBe(50);
    expect(first.x).toBeCloseTo(0.25, 1);
    expect(first.y).toBeCloseTo(0.75, 1);
    expect(Math.abs(first.at - click.timestamp)).toBeLessThan(100);
    // Nothing for the paragraph (no target) or inside the blocked block; the burst is capped.
    const burst = sent.slice(1);
    expect(burst.length).toBeGreaterThanOrEqual(1);
    expect(burst.length).toBeLessThanOrEqual(10);
    expect(burst.every((o) => o.up === 0 && o.w === 100 && o.h === 40)).toBe(true);
    // Numbers only: no text of the page travels in the event.
    expect(JSON.stringify(sent)).not.toMatch(/Buy|hidden|many/);
  }, 120_000);
});

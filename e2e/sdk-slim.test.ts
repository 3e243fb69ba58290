import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hasChromium, launchChromium } from "./helpers/browser";
import { recording, replayText, type Sink, sendAll, startSink } from "./helpers/sdk-sink";

/**
 * The recorder bundles @rrweb/record with its canvas and cross-origin iframe code cut out
 * (sdk/rrweb-slim.mjs). What lives next to that code must still record and replay: a same-origin
 * iframe added later, a shadow root, a canvas element, and ordinary mutations.
 */

const PAGE = `<p id="a">start</p><canvas id="c" width="40" height="20"></canvas><div id="host"></div>
<script>
  const root = document.getElementById("host").attachShadow({ mode: "open" });
  root.innerHTML = "<span>in the shadow</span>";
</script>`;

let browser: Browser;
let sink: Sink;

describe.skipIf(!hasChromium() && !process.env.CI)("the slimmed rrweb", () => {
  beforeAll(async () => {
    sink = await startSink({ "/page": PAGE });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sink?.close();
  });

  test("iframes, shadow roots, canvas elements and mutations still record and replay", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${sink.url}/page`);
    await recording(page);
    await page.evaluate(() => {
      const frame = document.createElement("iframe");
      frame.srcdoc = "<p>inside the frame</p>";
      document.body.appendChild(frame);
      const ctx = (document.getElementById("c") as HTMLCanvasElement).getContext("2d");
      ctx?.fillRect(0, 0, 10, 10);
      document.getElementById("a")!.textContent = "changed";
      (document.getElementById("host")!.shadowRoot as ShadowRoot).innerHTML = "<b>shadow changed</b>";
    });
    await page.waitForTimeout(800);
    await sendAll(page, sink, (evs) => {
      const text = JSON.stringify(evs);
      return text.includes("inside the frame") && text.includes("shadow changed");
    });
    await context.close();

    const events = sink.events();
    expect(events.filter((e) => e.type === 2)).toHaveLength(1);
    const replayed = await replayText(browser, sink, events);
    expect(replayed).toContain("changed");
    expect(replayed).not.toContain("start");
    // The iframe's document and the shadow root are attached by mutations the replay applies.
    const attached = events.filter((e) => e.type === 3 && e.data.source === 0 && e.data.isAttachIframe);
    expect(JSON.stringify(attached)).toContain("inside the frame");
    expect(JSON.stringify(events)).toContain("shadow changed");
  }, 120_000);
});

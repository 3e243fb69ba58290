import { describe, expect, test } from "vitest";
import { hasChromium } from "./helpers/browser";
import { recordedPage, replayText, sdkStage, sendAll } from "./helpers/sdk-sink";

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

describe.skipIf(!hasChromium() && !process.env.CI)("the slimmed rrweb", () => {
  const stage = sdkStage({ "/page": PAGE });

  test("iframes, shadow roots, canvas elements and mutations still record and replay", async () => {
    const { context, page } = await recordedPage(stage, "/page");
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
    await sendAll(page, stage.sink, (evs) => {
      const text = JSON.stringify(evs);
      return text.includes("inside the frame") && text.includes("shadow changed");
    });
    await context.close();

    const events = stage.sink.events();
    expect(events.filter((e) => e.type === 2)).toHaveLength(1);
    const replayed = await replayText(stage.browser, stage.sink, events);
    expect(replayed).toContain("changed");
    expect(replayed).not.toContain("start");
    // The iframe's document and the shadow root are attached by mutations the replay applies.
    const attached = events.filter((e) => e.type === 3 && e.data.source === 0 && e.data.isAttachIframe);
    expect(JSON.stringify(attached)).toContain("inside the frame");
    expect(JSON.stringify(events)).toContain("shadow changed");
  }, 120_000);
});

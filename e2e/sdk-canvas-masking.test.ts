import { describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS } from "../lib/data/settings";
import { hasChromium } from "./helpers/browser";
import { type RecordedEvent, recordedPage, sdkStage, sendAll } from "./helpers/sdk-sink";

/**
 * Canvas frames and masking (issue #18 items 1 and 6): a canvas's pixels can show text (chart
 * labels, a signature, street names), so with canvas recording on, a canvas whose page text is
 * masked — under `data-rewind-mask`, or anywhere at masking level 2 unless revealed — is never read;
 * the others are. Which canvases got frames is read from what the real SDK sent.
 */

const drawn = (id: string, color: string) =>
  `<canvas id="${id}" width="120" height="60"></canvas><script>{ const c = document.getElementById("${id}").getContext("2d"); c.fillStyle = "${color}"; c.fillRect(0, 0, 120, 60); c.fillStyle = "#000"; c.fillText("Q3 revenue", 10, 30); }</script>`;

const PAGE = `<h1>Charts</h1>${drawn("plain", "red")}
<div data-rewind-mask>${drawn("masked", "blue")}</div>
<div data-rewind-unmask>${drawn("revealed", "green")}</div>`;

type Node_ = { id?: number; attributes?: Record<string, unknown>; childNodes?: Node_[] };

/** The recording's node id of each canvas, by its element id, from the full snapshot. */
function canvasIds(events: RecordedEvent[]): Record<string, number> {
  const ids: Record<string, number> = {};
  const walk = (n: Node_) => {
    if (typeof n.attributes?.id === "string" && n.id !== undefined) ids[n.attributes.id] = n.id;
    n.childNodes?.forEach(walk);
  };
  const snapshot = events.find((e) => e.type === 2);
  if (snapshot) walk(snapshot.data.node as Node_);
  return ids;
}

/** The element ids of the canvases that got at least one frame. */
async function framedCanvases(stage: ReturnType<typeof sdkStage>): Promise<string[]> {
  const before = stage.sink.events().length;
  const { context, page } = await recordedPage(stage, "/charts");
  try {
    // Frames are taken at once and then at 2 fps: wait until the plain one has one, then a little.
    const ids = () => canvasIds(stage.sink.events().slice(before));
    const frames = () =>
      stage.sink
        .events()
        .slice(before)
        .filter((e) => e.type === 3 && e.data.source === 9);
    await sendAll(page, stage.sink, () =>
      frames().some((f) => f.data.id === ids().plain || f.data.id === ids().revealed),
    );
    await page.waitForTimeout(1500);
    await sendAll(page, stage.sink, () => true);
    const byId = Object.entries(ids());
    return [
      ...new Set(frames().map((f) => byId.find(([, n]) => n === f.data.id)?.[0] ?? `#${f.data.id}`)),
    ].sort();
  } finally {
    await context.close();
  }
}

const withCanvas = (level: 1 | 2) => ({
  ...DEFAULT_SETTINGS,
  masking: { ...DEFAULT_SETTINGS.masking, level },
  canvas: { ...DEFAULT_SETTINGS.canvas, enabled: true },
});

describe.skipIf(!hasChromium() && !process.env.CI)("canvas frames under masking", () => {
  describe("masking level 1 (the default)", () => {
    const stage = sdkStage({ "/charts": PAGE }, withCanvas(1));
    test("a canvas under data-rewind-mask is never read; the others are", async () => {
      expect(await framedCanvases(stage)).toEqual(["plain", "revealed"]);
    }, 90_000);
  });

  describe("masking level 2 (all page text)", () => {
    const stage = sdkStage({ "/charts": PAGE }, withCanvas(2));
    test("only a canvas the page revealed with data-rewind-unmask is read", async () => {
      expect(await framedCanvases(stage)).toEqual(["revealed"]);
    }, 90_000);
  });
});

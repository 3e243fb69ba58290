import { beforeAll, describe, expect, test } from "vitest";
import { GET as config } from "@/app/api/v1/config/route";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { chunkManifest } from "@/lib/data/sessions";
import {
  DEFAULT_SETTINGS,
  getRecordingSettings,
  recordingSettings,
  saveRecordingSettings,
} from "@/lib/data/settings";
import { countCanvas } from "@/lib/ingest/canvas";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { canvasFrame } from "@/lib/replay/canvas-frames";
import { recordingHealth } from "@/lib/replay/health";
import { frameEvent } from "@/sdk/src/canvas";
import { batch, meta, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

/** Canvas, opt-in: the workspace setting, its remote config, and the health line when it is off. */

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Canvas Co", "canvas@test.dev"));
});

const el = (id: number, tagName: string, childNodes: unknown[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes: {},
  childNodes,
});
const page = (at: number, canvases: number) => ({
  type: 2,
  timestamp: at,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        el(2, "html", [
          el(3, "body", [
            el(
              4,
              "div",
              Array.from({ length: canvases }, (_, i) => el(10 + i, "canvas")),
            ),
          ]),
        ]),
      ],
    },
    initialOffset: { top: 0, left: 0 },
  },
});
const added = (at: number, id: number) => ({
  type: 3,
  timestamp: at,
  data: {
    source: 0,
    texts: [],
    attributes: [],
    removes: [],
    adds: [{ parentId: 4, nextId: null, node: el(id, "canvas") }],
  },
});
const frame = (at: number, id: number) => ({
  type: 3,
  timestamp: at,
  data: { source: 9, id, type: 0, commands: [] },
});

describe("settings and remote config", () => {
  test("canvas is off by default, and a stored workspace from before canvas reads as off", async () => {
    expect(DEFAULT_SETTINGS.canvas).toEqual({ enabled: false, fps: 2, quality: 0.6 });
    expect((await getRecordingSettings(ws)).canvas.enabled).toBe(false);
  });

  test("frame rate and quality are bounded", () => {
    const at = (canvas: unknown) => recordingSettings.safeParse({ ...DEFAULT_SETTINGS, canvas }).success;
    expect(at({ enabled: true, fps: 2, quality: 0.6 })).toBe(true);
    expect(at({ enabled: true, fps: 60, quality: 0.6 })).toBe(false);
    expect(at({ enabled: true, fps: 2, quality: 0 })).toBe(false);
  });

  test("the SDK's config carries the workspace's canvas setting", async () => {
    const read = async () =>
      (await (await config(new Request(`http://rewind.test/api/v1/config?k=${key}`))).json()) as {
        canvas: unknown;
      };
    expect((await read()).canvas).toEqual({ enabled: false, fps: 2, quality: 0.6 });
    await saveRecordingSettings(ws, {
      ...(await getRecordingSettings(ws)),
      canvas: { enabled: true, fps: 1, quality: 0.5 },
    });
    expect((await read()).canvas).toEqual({ enabled: true, fps: 1, quality: 0.5 });
  });
});

describe("counting canvases", () => {
  test("canvas elements in snapshots and added nodes, once each; frames counted", () => {
    const events = [page(T0, 2), added(T0 + 1, 20), added(T0 + 2, 20), frame(T0 + 3, 10), frame(T0 + 4, 10)];
    expect(countCanvas(events as RrwebEvent[])).toEqual({ canvasElements: 3, canvasFrames: 2 });
    expect(countCanvas([page(T0, 0)] as RrwebEvent[])).toEqual({ canvasElements: 0, canvasFrames: 0 });
  });
});

describe("health line", () => {
  const send = async (events: unknown[], seq = 0, sessionId = crypto.randomUUID()) => {
    const res = await ingest(
      new Request(`http://rewind.test/api/v1/ingest?k=${key}`, {
        method: "POST",
        body: JSON.stringify(batch(events, { sessionId, seq })),
        headers: { "content-type": "text/plain" },
      }),
    );
    expect(res.status).toBe(200);
    return sessionId;
  };
  const health = async (sid: string) =>
    recordingHealth({ chunks: await chunkManifest(ws, sid), hasFullSnapshot: true });

  test("canvases without frames are named instead of 'complete'", async () => {
    const sid = await send([meta(T0), page(T0 + 1, 2)]);
    const h = await health(sid);
    expect(h.line).toBe("this page had 2 canvas elements; canvas is not recorded · 1 chunk · no gaps");
    expect(h.ok).toBe(false);
    expect(h.problems.join(" ")).toMatch(/replay blank.*Settings → Recording/);
  });

  test("the largest page counts, across chunks; one canvas reads singular", async () => {
    const sid = await send([meta(T0), page(T0 + 1, 1)]);
    expect((await health(sid)).line).toMatch(/^this page had 1 canvas element; canvas is not recorded/);
    await send([page(T0 + 100, 3)], 1, sid);
    expect((await health(sid)).line).toMatch(/^this page had 3 canvas elements;/);
  });

  test("with frames the recording is complete; gaps keep their status and add the canvas note", async () => {
    const recorded = await send([meta(T0), page(T0 + 1, 2), frame(T0 + 2, 10)]);
    expect(await health(recorded)).toMatchObject({ ok: true, line: "complete · 1 chunk · no gaps" });
    const gappy = await send([meta(T0), page(T0 + 1, 1)]);
    await send([meta(T0 + 5)], 3, gappy);
    expect((await health(gappy)).line).toBe(
      "incomplete · 2 chunks · 1 gap · this page had 1 canvas element; canvas is not recorded",
    );
  });

  test("a page without canvases stays complete", async () => {
    const sid = await send([meta(T0), page(T0 + 1, 0)]);
    expect((await health(sid)).line).toBe("complete · 1 chunk · no gaps");
  });
});

describe("frames the player draws", () => {
  test("what the SDK sends reads back as the same image", () => {
    const url = "data:image/webp;base64,UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAQAcJaQAA3AA/v3AgAA=";
    expect(canvasFrame(frameEvent(12, url, 640, 480))).toEqual({ id: 12, src: url });
  });

  test("anything but a raster image is not a frame", () => {
    const svg = frameEvent(1, "data:image/svg+xml;base64,PHN2Zz4=", 10, 10);
    expect(canvasFrame(svg)).toBeNull();
    const injected = frameEvent(1, 'data:image/png;base64,AAA" onerror="x', 10, 10);
    expect(canvasFrame(injected)).toBeNull();
    expect(
      canvasFrame({ source: 9, id: 1, type: 0, commands: [{ property: "fillRect", args: [0, 0, 5, 5] }] }),
    ).toBeNull();
    expect(canvasFrame({ source: 0, id: 1 })).toBeNull();
  });
});

import { expect, test } from "vitest";
import { frameEvent } from "../src/canvas";
import { mergeCanvas } from "../src/canvas-config";
import type { RemoteConfig } from "../src/types";

const remote = (canvas?: RemoteConfig["canvas"]) => ({ canvas }) as RemoteConfig;
const on = { enabled: true, fps: 2, quality: 0.6 };

test("canvas records only when the workspace turns it on and the page does not refuse", () => {
  expect(mergeCanvas({}, remote(on)).enabled).toBe(true);
  expect(mergeCanvas({ recordCanvas: true }, remote(on)).enabled).toBe(true);
  expect(mergeCanvas({ recordCanvas: false }, remote(on)).enabled).toBe(false);
  expect(mergeCanvas({ recordCanvas: true }, remote({ ...on, enabled: false })).enabled).toBe(false);
  // A server from before canvas support, or none reachable: off, whatever the page asks.
  expect(mergeCanvas({ recordCanvas: true }, remote(undefined)).enabled).toBe(false);
  expect(mergeCanvas({ recordCanvas: { fps: 5 } }, null).enabled).toBe(false);
});

test("frame rate and quality: the lower of the two sides, within bounds", () => {
  expect(mergeCanvas({}, remote(on))).toEqual({ enabled: true, fps: 2, quality: 0.6 });
  expect(mergeCanvas({ recordCanvas: { fps: 1, quality: 0.3 } }, remote(on))).toMatchObject({
    fps: 1,
    quality: 0.3,
  });
  expect(mergeCanvas({ recordCanvas: { fps: 8, quality: 1 } }, remote(on))).toMatchObject({
    fps: 2,
    quality: 0.6,
  });
  expect(mergeCanvas({ recordCanvas: { fps: 0, quality: -1 } }, remote({ ...on, fps: 50 }))).toMatchObject({
    fps: 0.2,
    quality: 0.1,
  });
});

test("a frame is rrweb's sampled-canvas event: clear, then draw the image over the whole canvas", () => {
  const data = frameEvent(7, "data:image/webp;base64,UklGRg==", 300, 150);
  expect(data).toEqual({
    source: 9,
    id: 7,
    type: 0,
    commands: [
      { property: "clearRect", args: [0, 0, 300, 150] },
      {
        property: "drawImage",
        args: [
          {
            rr_type: "ImageBitmap",
            args: [
              { rr_type: "Blob", data: [{ rr_type: "ArrayBuffer", base64: "UklGRg==" }], type: "image/webp" },
            ],
          },
          0,
          0,
          300,
          150,
        ],
      },
    ],
  });
});

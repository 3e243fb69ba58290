/**
 * Canvas frames (public/sdk/canvas.js, loaded only when canvas recording is on): every 1/fps s,
 * each recorded <canvas> is encoded as a webp image and sent when it changed, as rrweb's own
 * sampled-canvas event (IncrementalSnapshot, source CanvasMutation: clearRect + drawImage of a
 * Blob), so any rrweb replayer understands it. Our player draws those frames from the parent page,
 * so the replay iframe never needs `allow-scripts`.
 */

import { mergeCanvas } from "./canvas-config";
import { type EffectiveMasking, masksPageText } from "./privacy";
import type { RemoteConfig, RewindOptions } from "./types";
import { IncrementalSource } from "./wire";

const CONTEXT_2D = 0;
/** Larger canvases are scaled down before encoding: bounded encode time and frame size. */
const MAX_SIDE = 1280;
/** Canvases looked at per tick, however many the page has. */
const MAX_CANVASES = 30;

export interface CanvasSamplerOptions {
  options: RewindOptions;
  config: RemoteConfig | null;
  /** The recorder's node id of a canvas; below 0 when the canvas is not in the recording. */
  idOf: (canvas: HTMLCanvasElement) => number;
  /**
   * The recording's masking: a blocked canvas is never read, and neither is one whose page text
   * is masked (level 2 and up, `data-rewind-mask`, the mask selectors): its pixels can show text
   * (chart labels, a signature, a map's street names) that masking promised to hide.
   */
  masking: EffectiveMasking;
  emit: (data: Record<string, unknown>) => void;
}

export interface CanvasSampler {
  stop(): void;
  /** Sends every canvas again: after a full snapshot the replay rebuilds them blank. */
  resend(): void;
}

export type StartCanvasSampler = (options: CanvasSamplerOptions) => CanvasSampler;

export const startCanvasSampler: StartCanvasSampler = (o) => {
  const { enabled, fps, quality } = mergeCanvas(o.options, o.config);
  const hidden = (canvas: HTMLCanvasElement) => {
    try {
      return (
        Boolean(canvas.closest([".rr-block", o.masking.blockSelector].filter(Boolean).join(", "))) ||
        masksPageText(o.masking, canvas)
      );
    } catch {
      return true; // an invalid selector blocks, as it does in the recorder
    }
  };
  const sent = new Map<number, string>();
  const busy = new Set<number>();
  let stopped = false;
  const tick = () => {
    if (stopped || !enabled || document.visibilityState === "hidden") return;
    let looked = 0;
    for (const canvas of Array.from(document.querySelectorAll("canvas"))) {
      if (looked >= MAX_CANVASES) break;
      const id = o.idOf(canvas);
      const { width, height } = canvas;
      if (id < 0 || busy.has(id) || !width || !height || hidden(canvas)) continue;
      looked++;
      busy.add(id);
      void encode(canvas, quality).then((url) => {
        busy.delete(id);
        if (stopped || !url || sent.get(id) === url) return;
        sent.set(id, url);
        o.emit(frameEvent(id, url, width, height));
      });
    }
  };
  const timer = setInterval(tick, 1000 / fps);
  setTimeout(tick, 0);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    resend() {
      sent.clear();
      setTimeout(tick, 0);
    },
  };
};

async function encode(canvas: HTMLCanvasElement, quality: number): Promise<string | null> {
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(canvas.width, canvas.height));
    const w = Math.max(1, Math.round(canvas.width * scale));
    const h = Math.max(1, Math.round(canvas.height * scale));
    if (typeof OffscreenCanvas === "function") {
      // convertToBlob encodes asynchronously, off the page's main thread where the browser can.
      const off = new OffscreenCanvas(w, h);
      off.getContext("2d")?.drawImage(canvas, 0, 0, w, h);
      return await readAsDataUrl(await off.convertToBlob({ type: "image/webp", quality }));
    }
    let source = canvas;
    if (scale < 1) {
      source = document.createElement("canvas");
      source.width = w;
      source.height = h;
      source.getContext("2d")?.drawImage(canvas, 0, 0, w, h);
    }
    return source.toDataURL("image/webp", quality);
  } catch {
    // Tainted by a cross-origin image, or a lost context: this canvas cannot be read.
    return null;
  }
}

const readAsDataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });

/** rrweb's sampled-canvas event data for one frame (the browser may answer png where webp is unknown). */
export function frameEvent(id: number, dataUrl: string, width: number, height: number) {
  const type = dataUrl.slice(5, dataUrl.indexOf(";"));
  const base64 = dataUrl.slice(dataUrl.indexOf(",") + 1);
  return {
    source: IncrementalSource.CanvasMutation,
    id,
    type: CONTEXT_2D,
    commands: [
      { property: "clearRect", args: [0, 0, width, height] },
      {
        property: "drawImage",
        args: [
          {
            rr_type: "ImageBitmap",
            args: [{ rr_type: "Blob", data: [{ rr_type: "ArrayBuffer", base64 }], type }],
          },
          0,
          0,
          width,
          height,
        ],
      },
    ],
  };
}

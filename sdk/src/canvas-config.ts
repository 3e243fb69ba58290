import type { RemoteConfig, RewindOptions } from "./types";

/**
 * Canvas frames are the workspace's to turn on (Settings → Recording) and the page's to refuse or
 * slow down: recorded only when the workspace's config says so and the page does not say
 * `recordCanvas: false`, at the lower frame rate and quality of the two. Without a reachable
 * config canvas stays off, since a canvas can draw anything (charts of personal data, signatures)
 * and no masking rule sees inside it.
 */

export interface CanvasCapture {
  enabled: boolean;
  fps: number;
  quality: number;
}

const clamp = (x: unknown, min: number, max: number, fallback: number) =>
  typeof x === "number" && Number.isFinite(x) ? Math.min(max, Math.max(min, x)) : fallback;

export function mergeCanvas(local: RewindOptions, remote: RemoteConfig | null): CanvasCapture {
  const page = typeof local.recordCanvas === "object" ? local.recordCanvas : {};
  const workspace = remote?.canvas;
  return {
    enabled: Boolean(workspace?.enabled) && local.recordCanvas !== false,
    fps: Math.min(clamp(workspace?.fps, 0.2, 10, 2), clamp(page.fps, 0.2, 10, 10)),
    quality: Math.min(clamp(workspace?.quality, 0.1, 1, 0.6), clamp(page.quality, 0.1, 1, 1)),
  };
}

/**
 * Canvas frames as the SDK records them (rrweb's sampled-canvas event: IncrementalSnapshot,
 * source CanvasMutation, clearRect then drawImage of an image Blob), read back as an image URL
 * the player can draw. Anything else (rrweb's per-call 2D or WebGL commands, a Blob that is not a
 * plain raster image) is not a frame: the player only ever turns frames into images.
 */

import { IncrementalSource } from "@/sdk/src/wire";

export interface CanvasFrame {
  id: number;
  src: string;
}

const RASTER = /^image\/(webp|png|jpeg)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Arg {
  rr_type?: unknown;
  args?: Arg[];
  data?: Arg[];
  type?: unknown;
  base64?: unknown;
}

export function canvasFrame(data: Record<string, unknown>): CanvasFrame | null {
  if (
    data.source !== IncrementalSource.CanvasMutation ||
    typeof data.id !== "number" ||
    !Array.isArray(data.commands)
  )
    return null;
  const draw = (data.commands as { property?: unknown; args?: unknown }[]).find(
    (c) => c?.property === "drawImage",
  );
  const bitmap = Array.isArray(draw?.args) ? (draw.args[0] as Arg | undefined) : undefined;
  const blob = bitmap?.rr_type === "ImageBitmap" ? bitmap.args?.[0] : undefined;
  const buffer = blob?.rr_type === "Blob" ? blob.data?.[0] : undefined;
  const type = blob?.type;
  const base64 = buffer?.rr_type === "ArrayBuffer" ? buffer.base64 : undefined;
  if (typeof type !== "string" || !RASTER.test(type) || typeof base64 !== "string" || !BASE64.test(base64))
    return null;
  return { id: data.id, src: `data:${type};base64,${base64}` };
}

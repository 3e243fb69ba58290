import { gunzipSync } from "node:zlib";
import { readCapped as readBodyCapped } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import type { PlainRequest } from "@/lib/api/plain";

/** Larger than this many times the compressed size is treated as a gzip bomb. */
export const MAX_INFLATE_RATIO = 200;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The 413 for a batch body over `limit`, by its declared length or by the bytes that came. */
function tooLargeFor(limit: number): (declared: number | null) => ApiError {
  return (declared) =>
    declared === null
      ? new ApiError("payload_too_large", `The batch is over ${mb(limit)}, the limit. Send smaller batches.`)
      : new ApiError(
          "payload_too_large",
          `The batch is ${mb(declared)}; the limit is ${mb(limit)}. Send smaller batches.`,
        );
}

/** Reads at most `limit` bytes of the body; more is a 413, before anything is decompressed. */
export function readCapped(request: Request, limit: number): Promise<Uint8Array> {
  return readBodyCapped(request, limit, tooLargeFor(limit));
}

/** `readCapped` for a plain request (lib/api/plain.ts): read as it came, web stream or node's. */
export function readPlainCapped(request: PlainRequest, limit: number): Promise<Uint8Array> {
  return request.body(limit, tooLargeFor(limit));
}

/**
 * What a body of `compressed` bytes may inflate to: the body limit, and at most
 * `MAX_INFLATE_RATIO` times its size (1 MB at least). One rule for ingest's gzip and the posthog-js
 * drop-in's (lib/dropin/decode.ts).
 */
export function inflateCap(limit: number, compressed: number): number {
  return Math.min(limit, Math.max(1024 * 1024, compressed * MAX_INFLATE_RATIO));
}

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The JSON text of a body sent plain or gzipped (detected by its magic bytes), within the limits. */
export function decodeBody(bytes: Uint8Array, limit: number): { text: string; compressed: boolean } {
  if (bytes.length === 0) throw new ApiError("bad_request", "The body is empty; send a JSON batch.");
  let raw: Buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const compressed = isGzip(bytes);
  if (compressed) {
    const cap = inflateCap(limit, bytes.length);
    try {
      raw = gunzipSync(raw, { maxOutputLength: cap });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
        throw new ApiError(
          "payload_too_large",
          `The batch inflates past ${mb(cap)} (limit ${mb(limit)}, at most ${MAX_INFLATE_RATIO}× its compressed size). Send smaller batches.`,
        );
      }
      throw new ApiError(
        "bad_request",
        "The body starts like gzip but is not valid gzip (truncated or corrupt).",
      );
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new ApiError("bad_request", "The body is not valid UTF-8.");
  }
  return { text, compressed };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The body is not valid JSON.");
  }
}

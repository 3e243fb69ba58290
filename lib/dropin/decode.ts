import { inflateCap } from "@/lib/ingest/body";
import { decodePosthogBody } from "./body";
import { mapCapture } from "./map";
import { InflateBudget } from "./snapshot";

/**
 * The CPU-heavy half of a posthog-js capture request — inflate (gzip-js, base64 form, the `cv`
 * fields' latin1 gzip), parse, map onto our batches and serialize them — as one step of the ingest
 * worker pool (a `dropin` job, lib/ingest/prepare.ts), so a large or crafted body never holds the
 * event loop. What comes back is small to hand between threads: the token, and each batch as the
 * JSON bytes our own ingest then decodes as any SDK batch (buffers of their own, transferred).
 */
export interface DecodedCapture {
  /** The posthog token: our project's public key. */
  token: string;
  /** Our batches, each the UTF-8 JSON text ingest reads as a body. */
  batches: Uint8Array[];
  /** posthog events with no session (recording off) or of kinds we do not keep. */
  skipped: number;
}

const encoder = new TextEncoder();

export function decodeCapture(bytes: Uint8Array, limit: number, compression: string | null): DecodedCapture {
  const body = decodePosthogBody(bytes, limit, compression);
  // The `cv` fields inflate under the same cap as the body itself (ratio and limit), for the request as a whole.
  const budget = new InflateBudget(inflateCap(limit, bytes.byteLength));
  // Each of our batches stays well under the body limit ingest applies to it.
  const mapped = mapCapture(body, budget, Math.floor(limit * 0.9));
  return {
    token: mapped.token,
    batches: mapped.batches.map((batch) => encoder.encode(JSON.stringify(batch))),
    skipped: mapped.skipped,
  };
}

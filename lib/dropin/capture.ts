import { ApiError, toErrorResponse } from "@/lib/api/errors";
import type { PlainRequest } from "@/lib/api/plain";
import { withProjectKey } from "@/lib/api/with-project-key";
import { env } from "@/lib/env";
import { readCapped } from "@/lib/ingest/body";
import { preflight, withCors } from "@/lib/ingest/cors";
import { ClientGone, ingestPlain } from "@/lib/ingest/ingest";
import { busy, serverIngestPool } from "@/lib/ingest/pool";
import { ownBuffer } from "@/lib/ingest/prepare";
import type { DecodedCapture } from "./decode";
import { refuseDropinToken } from "./project-key";

/**
 * One of our batches as the plain request our own ingest reads (lib/api/plain.ts): its JSON bytes
 * as the body (the same cap as any body), the page's headers (device, country, origin).
 */
function ingestRequest(from: Request, bytes: Uint8Array): PlainRequest {
  return {
    searchParams: new URLSearchParams(),
    headers: from.headers,
    body: async (limit, tooLarge) => {
      if (bytes.byteLength > limit) throw tooLarge(bytes.byteLength);
      return bytes;
    },
    aborted: () => from.signal.aborted,
  };
}

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  try {
    return await readCapped(request, limit);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ClientGone();
  }
}

/** The request's body decoded into our batches, once: the token is in it, and the handler needs it too. */
const captures = new WeakMap<Request, Promise<DecodedCapture>>();
function captureOf(request: Request): Promise<DecodedCapture> {
  let capture = captures.get(request);
  if (!capture) {
    capture = readCapture(request);
    captures.set(request, capture);
  }
  return capture;
}

/**
 * Read with ingest's rules: refused with 503 before the body is read when the pool is saturated,
 * the body capped, then inflated, parsed and mapped on a worker thread (a `dropin` job of
 * lib/ingest/prepare.ts, lib/dropin/decode.ts), never on this event loop.
 */
async function readCapture(request: Request): Promise<DecodedCapture> {
  const pool = serverIngestPool();
  if (pool.saturated()) throw busy();
  const limit = env().INGEST_MAX_BYTES;
  const bytes = await readBody(request, limit);
  const compression = new URL(request.url).searchParams.get("compression");
  const lease = await pool.lease();
  try {
    // The body's buffer moves to the worker (no copy); the batches' buffers move back.
    const owned = ownBuffer(bytes);
    const reply = await lease.call({ type: "dropin", bytes, limit, compression }, owned ? [owned] : []);
    if (reply.type !== "mapped") throw new Error(`ingest worker answered ${reply.type} to dropin`);
    return reply.capture;
  } finally {
    lease.release();
  }
}

/**
 * A posthog-js capture request (`/e/`, `/batch/`, `/i/v0/e/`, `/s/`): mapped onto our batches
 * (./map.ts), each stored by our own ingest in turn. A bad body is a 4xx, never a 5xx: posthog-js
 * retries 5xx answers.
 */
export const handleCapture = withProjectKey(
  async ({ req, project }) => {
    const mapped = await captureOf(req);
    let recorded = 0;
    for (const batch of mapped.batches) {
      const result = await ingestPlain(ingestRequest(req, batch), project);
      if (result.recorded !== false) recorded++;
    }
    return Response.json({ status: 1, batches: recorded, skipped: mapped.skipped });
  },
  { cors: true, keyFrom: async (req) => (await captureOf(req)).token, refuse: refuseDropinToken },
);

export { preflight };

export function wrongMethod(): Response {
  return withCors(toErrorResponse(new ApiError("method_not_allowed", "Send events with POST.")));
}

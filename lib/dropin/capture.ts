import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { withProjectKey } from "@/lib/api/with-project-key";
import { env } from "@/lib/env";
import { readCapped } from "@/lib/ingest/body";
import { preflight, withCors } from "@/lib/ingest/cors";
import { ClientGone, ingestBatch } from "@/lib/ingest/ingest";
import type { Batch } from "@/sdk/src/wire";
import { decodePosthogBody } from "./body";
import { type MappedCapture, mapCapture } from "./map";
import { refuseDropinToken } from "./project-key";
import { InflateBudget } from "./snapshot";

/** Headers of the page's request that ingest reads (device, country, origin); the body's are ours. */
const DROPPED_HEADERS = new Set([
  "content-length",
  "content-type",
  "content-encoding",
  "transfer-encoding",
  "host",
  "cookie",
  "authorization",
]);

/** One of our batches as the request our own ingest reads, carrying the page's headers. */
function ingestRequest(from: Request, token: string, batch: Batch): Request {
  const headers = new Headers();
  from.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name)) headers.set(name, value);
  });
  headers.set("content-type", "application/json");
  const url = new URL("/api/v1/ingest", from.url);
  url.searchParams.set("k", token);
  return new Request(url, { method: "POST", headers, body: JSON.stringify(batch) });
}

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  try {
    return await readCapped(request, limit);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ClientGone();
  }
}

/** The request's body mapped onto our batches, read once: the token is in it, and the handler needs it too. */
const captures = new WeakMap<Request, Promise<MappedCapture>>();
function captureOf(request: Request): Promise<MappedCapture> {
  let capture = captures.get(request);
  if (!capture) {
    capture = readCapture(request);
    captures.set(request, capture);
  }
  return capture;
}

async function readCapture(request: Request): Promise<MappedCapture> {
  const limit = env().INGEST_MAX_BYTES;
  const bytes = await readBody(request, limit);
  const body = decodePosthogBody(bytes, limit, new URL(request.url).searchParams.get("compression"));
  // Each of our batches stays well under the body limit ingest applies to it.
  return mapCapture(body, new InflateBudget(limit), Math.floor(limit * 0.9));
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
      const result = await ingestBatch(ingestRequest(req, project.key, batch));
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

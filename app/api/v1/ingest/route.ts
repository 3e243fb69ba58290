import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { withProjectKey } from "@/lib/api/with-project-key";
import { preflight, withCors } from "@/lib/ingest/cors";
import { ingestBatch } from "@/lib/ingest/ingest";

/** SDK batches: public, authenticated by the project key in the query (sendBeacon cannot set headers). */
export const POST = withProjectKey(async ({ req }) => Response.json(await ingestBatch(req)), {
  cors: true,
  // ingestBatch caches the same lookup for as long; a rotated key is refused within seconds either way.
  cacheMs: 5_000,
});

export function OPTIONS(): Response {
  return preflight();
}

function wrongMethod(): Response {
  return withCors(toErrorResponse(new ApiError("method_not_allowed", "Send batches with POST.")));
}

export { wrongMethod as DELETE, wrongMethod as GET, wrongMethod as PATCH, wrongMethod as PUT };

import type { IncomingMessage } from "node:http";
import { jsonAnswer, toWebResponse } from "@/lib/api/answer";
import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { fromNodeRequest, fromWebRequest } from "@/lib/api/plain";
import { withProjectKeyPlain } from "@/lib/api/with-project-key";
import { preflight, preflightAnswer, withCors } from "@/lib/ingest/cors";
import { ingestPlain } from "@/lib/ingest/ingest";

/**
 * SDK batches: public, authenticated by the project key in the query (sendBeacon cannot set
 * headers). One core on plain requests and answers, called by Next (`POST`) and, under `npm start`,
 * straight from node's request by the ingest layer in front of Next (`POST.fromNode`,
 * scripts/ingest-layer.mjs), which skips the web Request/Response objects (ARCHITECTURE §4).
 */
const ingest = withProjectKeyPlain(
  async ({ req, project }) => jsonAnswer(200, await ingestPlain(req, project)),
  {
    cors: true,
    // A rotated key is refused within seconds.
    cacheMs: 5_000,
  },
);

export const POST = Object.assign(
  async (request: Request): Promise<Response> => toWebResponse(await ingest(fromWebRequest(request))),
  { fromNode: (req: IncomingMessage) => ingest(fromNodeRequest(req)) },
);

export const OPTIONS = Object.assign((): Response => preflight(), { answer: preflightAnswer });

function wrongMethod(): Response {
  return withCors(toErrorResponse(new ApiError("method_not_allowed", "Send batches with POST.")));
}

export { wrongMethod as DELETE, wrongMethod as GET, wrongMethod as PATCH, wrongMethod as PUT };

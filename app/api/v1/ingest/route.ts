import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { preflight, withCors } from "@/lib/ingest/cors";
import { ingestBatch } from "@/lib/ingest/ingest";

/** SDK batches: public, authenticated by the project key in the query (sendBeacon cannot set headers). */
export async function POST(request: Request): Promise<Response> {
  try {
    return withCors(Response.json(await ingestBatch(request)));
  } catch (error) {
    return withCors(toErrorResponse(error));
  }
}

export function OPTIONS(): Response {
  return preflight();
}

function wrongMethod(): Response {
  return withCors(toErrorResponse(new ApiError("method_not_allowed", "Send batches with POST.")));
}

export { wrongMethod as DELETE, wrongMethod as GET, wrongMethod as PATCH, wrongMethod as PUT };

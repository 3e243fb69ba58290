import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { preflight, withCors } from "@/lib/ingest/cors";
import { ClientGone, ingestBatch } from "@/lib/ingest/ingest";

/** SDK batches: public, authenticated by the project key in the query (sendBeacon cannot set headers). */
export async function POST(request: Request): Promise<Response> {
  try {
    return withCors(Response.json(await ingestBatch(request)));
  } catch (error) {
    if (error instanceof ClientGone) {
      // Nobody reads the answer; a page closing mid-upload is ordinary, not a server error.
      console.info("[rewind] ingest: the client went away before its batch arrived");
      return new Response(null, { status: 499 });
    }
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

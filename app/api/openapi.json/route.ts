import { openApiDocument } from "@/lib/api/openapi";

/** The OpenAPI 3.1 document of the API: public, and the same for a deployed version. */
export function GET(): Response {
  return Response.json(openApiDocument(), {
    headers: { "cache-control": "public, max-age=3600", "access-control-allow-origin": "*" },
  });
}

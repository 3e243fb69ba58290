import { type PlainResponse, toWebResponse } from "@/lib/api/answer";

/** Ingest and config are called from customers' pages: any origin, never with credentials. */
export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "content-type, content-encoding",
  "access-control-expose-headers": "retry-after",
  "access-control-max-age": "86400",
};

export function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(CORS_HEADERS)) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The preflight's answer as plain data (lib/api/answer.ts), for the ingest layer in front of Next. */
export function preflightAnswer(): PlainResponse {
  return { status: 204, headers: { ...CORS_HEADERS }, body: null };
}

export function preflight(): Response {
  return toWebResponse(preflightAnswer());
}

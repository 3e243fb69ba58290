/**
 * An answer as plain data (status, lower-case headers, a text body): what the ingest core returns,
 * written by the ingest layer with one `writeHead` (lib/api/plain.ts) or turned into a web
 * `Response` for Next.
 */
export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export function jsonAnswer(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): PlainResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(value) };
}

export function toWebResponse(answer: PlainResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

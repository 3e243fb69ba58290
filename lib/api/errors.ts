import { unstable_rethrow } from "next/navigation";
import { ZodError } from "zod";
import { DomainError, type DomainErrorKind } from "@/lib/errors/domain";
import { SearchSyntaxError } from "@/lib/search/parse";
import { jsonAnswer, type PlainResponse, toWebResponse } from "./answer";

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** Another service we called for the caller (GitHub, Linear, Jira) refused or failed. */
  bad_gateway: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An error meant for the caller: the code is for programs, the message for people. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = errorStatus[code];
  }
}

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** The HTTP face of each domain error kind (lib/errors/domain.ts). */
const domainCodes: Record<DomainErrorKind, ErrorCode> = {
  not_found: "not_found",
  conflict: "conflict",
  invalid: "bad_request",
  forbidden: "forbidden",
  too_large: "payload_too_large",
  gone: "gone",
  busy: "unavailable",
  corrupt: "internal",
};

/** A search the user typed that does not parse: a 400 pointing at the character. */
export function searchSyntaxMessage(error: SearchSyntaxError): string {
  return `Search: ${error.message} (at character ${error.position + 1}${error.expected ? `; expected ${error.expected}` : ""})`;
}

/** The caller-facing form of an error from below the API layer, or null for an unexpected one. */
function toApiError(thrown: unknown): ApiError | null {
  if (thrown instanceof ApiError) return thrown;
  if (thrown instanceof DomainError) {
    // Stored data broke its schema: the message names the record for the caller, the log keeps it.
    if (thrown.kind === "corrupt") console.error("[rewind]", thrown.message);
    const headers: Record<string, string> =
      "retryAfterSeconds" in thrown ? { "Retry-After": String(thrown.retryAfterSeconds) } : {};
    return new ApiError(domainCodes[thrown.kind], thrown.message, headers);
  }
  if (thrown instanceof SearchSyntaxError) return new ApiError("bad_request", searchSyntaxMessage(thrown));
  return null;
}

/** Turns anything thrown into the one error shape, as a plain answer; internals are logged, never sent. */
export function errorAnswer(error: unknown): PlainResponse {
  const thrown = toApiError(error) ?? error;
  if (thrown instanceof ApiError) {
    const body: ErrorBody = { error: { code: thrown.code, message: thrown.message } };
    return jsonAnswer(thrown.status, body, lowerCased(thrown.headers));
  }
  if (thrown instanceof ZodError) {
    const body: ErrorBody = { error: { code: "bad_request", message: describeZodError(thrown) } };
    return jsonAnswer(400, body);
  }
  console.error("[rewind] unhandled error", thrown);
  const body: ErrorBody = {
    error: {
      code: "internal",
      message: "Something went wrong on our side. Try again; if it persists, check the server log.",
    },
  };
  return jsonAnswer(500, body);
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** Turns anything thrown into the one error shape; internals are logged, never sent. */
export function toErrorResponse(error: unknown): Response {
  return toWebResponse(errorAnswer(error));
}

/**
 * Wraps a route handler so that whatever it throws leaves as the standard error shape; `finish`
 * dresses every answer, errors included (CORS headers, gzip). Next's own control flow (`redirect()`,
 * `notFound()`) passes through untouched so Next can answer it; `answer` may claim a thrown value
 * a caller kind treats as ordinary. Only the caller-kind wrappers (lib/api/with-*.ts) use this;
 * route handlers never catch.
 */
export function handleErrors<A extends unknown[]>(
  handler: (...args: A) => Promise<Response> | Response,
  finish: (response: Response) => Response | Promise<Response> = (response) => response,
  answer: (thrown: unknown) => Response | null = () => null,
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    let response: Response;
    try {
      response = await handler(...args);
    } catch (thrown) {
      unstable_rethrow(thrown);
      const ordinary = answer(thrown);
      if (ordinary) return ordinary;
      response = toErrorResponse(thrown);
    }
    return finish(response);
  };
}

import { ZodError } from "zod";

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

/** Turns anything thrown into the one error shape; internals are logged, never sent. */
export function toErrorResponse(thrown: unknown): Response {
  if (thrown instanceof ApiError) {
    const body: ErrorBody = { error: { code: thrown.code, message: thrown.message } };
    return Response.json(body, { status: thrown.status, headers: thrown.headers });
  }
  if (thrown instanceof ZodError) {
    const body: ErrorBody = { error: { code: "bad_request", message: describeZodError(thrown) } };
    return Response.json(body, { status: 400 });
  }
  console.error("[rewind] unhandled error", thrown);
  const body: ErrorBody = {
    error: {
      code: "internal",
      message: "Something went wrong on our side. Try again; if it persists, check the server log.",
    },
  };
  return Response.json(body, { status: 500 });
}

/** Wraps a route handler so that whatever it throws leaves as the standard error shape. */
export function handleErrors<A extends unknown[]>(
  handler: (...args: A) => Promise<Response> | Response,
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (thrown) {
      return toErrorResponse(thrown);
    }
  };
}

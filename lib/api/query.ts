import type { z } from "zod";
import { ApiError } from "./errors";

/** Reads a route's query string through a zod schema; the first problem is a 400 naming the parameter. */
export function readQuery<S extends z.ZodType>(searchParams: URLSearchParams, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of searchParams) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError("bad_request", `${issue.path.join(".") || "query"}: ${issue.message}`);
  }
  return parsed.data;
}

/** A dynamic path segment as the user wrote it (Next hands some over still percent-encoded). */
export function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

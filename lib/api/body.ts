import type { z } from "zod";
import { ApiError } from "./errors";

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a small JSON body and validates it; every failure is a 400 that says what was wrong. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new ApiError(
      "unsupported_media_type",
      "Send the body as JSON with Content-Type: application/json.",
    );
  }
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES)
    throw new ApiError("payload_too_large", "The JSON body is larger than 64 KB.");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ApiError("bad_request", `${where}${issue.message}`);
  }
  return parsed.data;
}

import type { z } from "zod";
import { ApiError } from "./errors";

const MAX_JSON_BYTES = 64 * 1024;

/**
 * `application/json`, with no charset or a UTF-8 one (JSON is UTF-8, RFC 8259). Lookalikes such as
 * `application/jsonx` or `text/json` are other types.
 */
export function isJsonContentType(header: string | null): boolean {
  const [essence = "", ...params] = (header ?? "").toLowerCase().split(";");
  if (essence.trim() !== "application/json") return false;
  return params.every((param) => {
    const [name = "", value = ""] = param.split("=").map((s) => s.trim());
    return name !== "charset" || ["utf-8", "utf8", '"utf-8"'].includes(value);
  });
}

/**
 * Reads at most `limit` bytes of a body, refusing with `tooLarge(size)` as soon as the declared
 * length or the bytes that arrived pass it: nothing past the limit is held in memory. The bytes
 * come back in an ArrayBuffer of their own (never a slice of Node's shared pool), so a caller may
 * transfer it to another thread without a copy.
 */
export async function readCapped(
  request: Request,
  limit: number,
  tooLarge: (declared: number | null) => ApiError,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) throw tooLarge(declared);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  // With a declared length (what every SDK and browser sends) the chunks are copied once, into
  // their final place, instead of being listed and concatenated.
  let into = Number.isSafeInteger(declared) && declared > 0 ? new Uint8Array(declared) : null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > limit) {
      await reader.cancel();
      throw tooLarge(null);
    }
    if (into && size + value.byteLength <= into.byteLength) into.set(value, size);
    else {
      // More than declared (only a broken client or proxy sends that): fall back to a list.
      if (into) chunks.push(into.subarray(0, size));
      into = null;
      chunks.push(value);
    }
    size += value.byteLength;
  }
  if (into) return size === into.byteLength ? into : into.slice(0, size);
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return whole;
}

/** Decodes UTF-8, refusing malformed bytes rather than replacing them. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("bad_request", "The body is not valid UTF-8.");
  }
}

/**
 * Reads a small JSON body and validates it: 415 for another content type, 413 past 64 KB, 400 for
 * malformed UTF-8, JSON or fields, each with a message saying what was wrong.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new ApiError(
      "unsupported_media_type",
      "Send the body as JSON with Content-Type: application/json (UTF-8).",
    );
  }
  const tooLarge = () =>
    new ApiError("payload_too_large", `The JSON body is larger than ${MAX_JSON_BYTES / 1024} KB.`);
  const text = decodeUtf8(await readCapped(request, MAX_JSON_BYTES, tooLarge));
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

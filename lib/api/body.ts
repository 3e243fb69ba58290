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
 * length or the bytes that arrived pass it: nothing past the limit is held in memory.
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
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(null);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
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

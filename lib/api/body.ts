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
 * Gathers a body's chunks, refusing with `tooLarge(size)` as soon as the declared length or the
 * bytes that arrived pass `limit`: nothing past the limit is held in memory. The bytes come back in
 * an ArrayBuffer of their own (never a slice of Node's shared pool), so a caller may transfer it to
 * another thread without a copy. With a declared length (what every SDK and browser sends) the
 * chunks are copied once, into their final place, instead of being listed and concatenated.
 */
export class BodyCollector {
  private into: Uint8Array | null;
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  constructor(
    declared: number,
    private readonly limit: number,
    private readonly tooLarge: (declared: number | null) => ApiError,
  ) {
    if (declared > limit) throw tooLarge(declared);
    this.into = Number.isSafeInteger(declared) && declared > 0 ? new Uint8Array(declared) : null;
  }

  push(value: Uint8Array): void {
    const { into, size } = this;
    if (size + value.byteLength > this.limit) throw this.tooLarge(null);
    if (into && size + value.byteLength <= into.byteLength) into.set(value, size);
    else {
      // More than declared (only a broken client or proxy sends that): fall back to a list.
      if (into) this.chunks.push(into.subarray(0, size));
      this.into = null;
      // A copy: node may hand chunks that are views of a pool it reuses.
      this.chunks.push(value.slice());
    }
    this.size = size + value.byteLength;
  }

  bytes(): Uint8Array {
    const { into, size } = this;
    if (into) return size === into.byteLength ? into : into.slice(0, size);
    const whole = new Uint8Array(size);
    let at = 0;
    for (const chunk of this.chunks) {
      whole.set(chunk, at);
      at += chunk.byteLength;
    }
    return whole;
  }
}

/** Reads at most `limit` bytes of a web body into one buffer of its own (`BodyCollector`). */
export async function readCapped(
  request: Request,
  limit: number,
  tooLarge: (declared: number | null) => ApiError,
): Promise<Uint8Array> {
  const collector = new BodyCollector(
    Number(request.headers.get("content-length") ?? Number.NaN),
    limit,
    tooLarge,
  );
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    try {
      collector.push(value);
    } catch (error) {
      await reader.cancel();
      throw error;
    }
  }
  return collector.bytes();
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

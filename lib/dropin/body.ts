import { ApiError } from "@/lib/api/errors";
import { decodeBody, parseJson } from "@/lib/ingest/body";
import { checkNesting } from "@/lib/ingest/limits";

/**
 * posthog-js bodies, as 1.x sends them (lib/src/request.js): plain JSON; `compression=gzip-js`
 * (gzip, sent as text/plain; detected by its magic bytes as our own ingest does); and, for
 * sendBeacon when gzip failed, `compression=base64`, a form body `data=<base64 of the UTF-8 JSON>`.
 * Older versions' `lz64` is not sent by the version we test against (docs/SDK.md).
 */
export function decodePosthogBody(bytes: Uint8Array, limit: number, compression: string | null): unknown {
  const { text } = decodeBody(bytes, limit);
  const json = text.startsWith("data=") ? formData(text, compression) : text;
  checkNesting(json);
  return parseJson(json);
}

function formData(text: string, compression: string | null): string {
  const data = new URLSearchParams(text).get("data") ?? "";
  if (compression === "lz64") {
    throw new ApiError(
      "unsupported_media_type",
      "compression=lz64 (posthog-js before 1.100) is not supported; upgrade posthog-js or use gzip-js.",
    );
  }
  const trimmed = data.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return data;
  if (!/^[A-Za-z0-9+/=\s]*$/.test(data)) {
    throw new ApiError("bad_request", "The form field `data` is neither JSON nor base64.");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(data, "base64"));
  } catch {
    throw new ApiError("bad_request", "The base64 form field `data` is not UTF-8 JSON.");
  }
}

import { gunzipSync } from "node:zlib";
import { ApiError } from "@/lib/api/errors";
import { MAX_INFLATE_RATIO } from "@/lib/ingest/body";
import { checkNesting } from "@/lib/ingest/limits";
import { EventType, IncrementalSource } from "@/sdk/src/wire";

/**
 * posthog-js (since its `cv: "2024-10"` format) gzips the heavy parts of some rrweb events and sends
 * each as a latin1 string (fflate's strFromU8(gzip, true)): a full snapshot's whole `data`, and a
 * mutation's `texts`/`attributes`/`removes`/`adds` (a style-sheet rule's `adds`/`removes`). This
 * restores plain rrweb events. Every inflation draws on one byte budget for the whole request (the
 * cap ingest puts on a gzipped body: `inflateCap` of lib/ingest/body.ts), so a body of small gzip
 * bombs costs no more than one large one.
 */
export class InflateBudget {
  private left: number;
  constructor(private readonly cap: number) {
    this.left = cap;
  }

  /** The JSON value a latin1 gzip string holds. */
  inflate(field: string, what: string): unknown {
    const bytes = Buffer.from(field, "latin1");
    let raw: Buffer;
    try {
      raw = gunzipSync(bytes, { maxOutputLength: Math.max(1, this.left) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
        throw new ApiError(
          "payload_too_large",
          `The snapshots inflate past ${(this.cap / 1024 / 1024).toFixed(1)} MB (the ingest body limit, at most ${MAX_INFLATE_RATIO}× the request's size). Send smaller batches.`,
        );
      }
      throw new ApiError("bad_request", `${what} is marked compressed (cv) but is not valid gzip.`);
    }
    this.left -= raw.byteLength;
    const text = raw.toString("utf8");
    checkNesting(text);
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError("bad_request", `${what} inflates to text that is not JSON.`);
    }
  }
}

/** One rrweb event as posthog-js sent it, with its compressed parts inflated and `cv` dropped. */
export function restoreEvent(event: unknown, budget: InflateBudget): unknown {
  if (!event || typeof event !== "object" || !("cv" in event)) return event;
  const { cv: _cv, ...rest } = event as Record<string, unknown> & { cv: unknown };
  const type = rest.type;
  if (type === EventType.FullSnapshot && typeof rest.data === "string") {
    return { ...rest, data: budget.inflate(rest.data, "A full snapshot") };
  }
  const data = rest.data as Record<string, unknown> | undefined;
  if (type === EventType.IncrementalSnapshot && data && typeof data === "object") {
    const fields =
      data.source === IncrementalSource.Mutation
        ? ["texts", "attributes", "removes", "adds"]
        : data.source === IncrementalSource.StyleSheetRule
          ? ["adds", "removes"]
          : [];
    const out: Record<string, unknown> = { ...data };
    for (const f of fields) {
      if (typeof out[f] === "string") out[f] = budget.inflate(out[f] as string, `A mutation's ${f}`);
    }
    return { ...rest, data: out };
  }
  return rest;
}

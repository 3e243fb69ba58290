import { gunzipSync } from "node:zlib";
import { ApiError } from "@/lib/api/errors";
import { MAX_INFLATE_RATIO } from "@/lib/ingest/body";
import { checkNesting } from "@/lib/ingest/limits";
import { EventType, IncrementalSource } from "@/sdk/src/wire";

interface Deferred {
  target: Record<string, unknown>;
  key: string;
  field: string;
  what: string;
}

/** The smallest gzip member: a 10-byte header, an empty deflate block, an 8-byte trailer. */
const MIN_GZIP_MEMBER = 20;

/** What `gunzipSync` gives with `info: true`: the output and how much of the input it read. */
type Inflated = { buffer: Buffer; engine: { bytesWritten: number } };

/**
 * posthog-js (since its `cv: "2024-10"` format) gzips the heavy parts of some rrweb events and sends
 * each as a latin1 string (fflate's strFromU8(gzip, true)): a full snapshot's whole `data`, and a
 * mutation's `texts`/`attributes`/`removes`/`adds` (a style-sheet rule's `adds`/`removes`). This
 * restores plain rrweb events. Every inflation draws on one byte budget for the whole request (the
 * cap ingest puts on a gzipped body: `inflateCap` of lib/ingest/body.ts), so a body of small gzip
 * bombs costs no more than one large one.
 *
 * The fields are inflated together, after the whole request was read (`defer`, then `settle`): a
 * request may carry 100,000 of them, and a zlib stream set up for each cost ~6 µs, 0.6 s of a
 * crafted request's time. Each field is one gzip member, so their concatenation is one multi-member
 * gzip stream that one zlib call inflates, checking every member's CRC and length; each member's
 * length (its last 4 bytes) says where its text ends in the output.
 */
export class InflateBudget {
  private left: number;
  private deferred: Deferred[] = [];
  constructor(private readonly cap: number) {
    this.left = cap;
  }

  /** Makes `target[key]` the JSON value the latin1 gzip string `field` holds, when `settle` runs. */
  defer(target: Record<string, unknown>, key: string, field: string, what: string): void {
    this.deferred.push({ target, key, field, what });
  }

  /**
   * Inflates every deferred field in one zlib call and puts each value in its place. zlib checks
   * each member's CRC and length; the stream must be read to its last byte (zlib stops quietly at
   * bytes that start no member, which would leave fields unread), and the lengths the fields'
   * trailers state must add up to the output. posthog-js's fields are one member each, so each
   * gets its own text. A crafted request can only move text between its own fields (one token,
   * one request): nothing it could not have sent uncompressed.
   */
  settle(): void {
    const deferred = this.deferred;
    this.deferred = [];
    if (deferred.length === 0) return;
    let total = 0;
    for (const { field, what } of deferred) {
      if (field.length < MIN_GZIP_MEMBER || field.charCodeAt(0) !== 0x1f || field.charCodeAt(1) !== 0x8b) {
        throw new ApiError("bad_request", `${what} is marked compressed (cv) but is not gzip.`);
      }
      total += field.length;
    }
    // One buffer for all the members (no Buffer per field). Each field's text is as long as its
    // trailer states (its last 4 bytes): that says where the text ends in the output.
    const gzip = Buffer.allocUnsafe(total);
    const lengths: number[] = [];
    let at = 0;
    let claimed = 0;
    for (const { field } of deferred) {
      at += gzip.write(field, at, "latin1");
      const length = gzip.readUInt32LE(at - 4);
      lengths.push(length);
      claimed += length;
    }
    const raw = this.inflate(gzip);
    if (claimed !== raw.byteLength) {
      throw new ApiError("bad_request", "A compressed (cv) field of a snapshot is not one gzip member.");
    }
    let from = 0;
    for (const [i, { target, key, what }] of deferred.entries()) {
      const to = from + lengths[i]!;
      target[key] = parseField(raw.toString("utf8", from, to), what);
      from = to;
    }
  }

  private inflate(gzip: Buffer): Buffer {
    let inflated: Inflated;
    try {
      inflated = gunzipSync(gzip, {
        maxOutputLength: Math.max(1, this.left),
        info: true,
      }) as unknown as Inflated;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
        throw new ApiError(
          "payload_too_large",
          `The snapshots inflate past ${(this.cap / 1024 / 1024).toFixed(1)} MB (the ingest body limit, at most ${MAX_INFLATE_RATIO}× the request's size). Send smaller batches.`,
        );
      }
      throw new ApiError("bad_request", "A snapshot's compressed (cv) field is not valid gzip.");
    }
    if (inflated.engine.bytesWritten !== gzip.byteLength) {
      throw new ApiError("bad_request", "A compressed (cv) field of a snapshot is not one gzip member.");
    }
    this.left -= inflated.buffer.byteLength;
    return inflated.buffer;
  }
}

function parseField(text: string, what: string): unknown {
  checkNesting(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", `${what} inflates to text that is not JSON.`);
  }
}

/**
 * One rrweb event as posthog-js sent it, `cv` dropped and its compressed parts deferred to the
 * budget: they are in place once `budget.settle()` ran.
 */
export function restoreEvent(event: unknown, budget: InflateBudget): unknown {
  if (!event || typeof event !== "object" || !("cv" in event)) return event;
  const { cv: _cv, ...rest } = event as Record<string, unknown> & { cv: unknown };
  const type = rest.type;
  if (type === EventType.FullSnapshot && typeof rest.data === "string") {
    const restored: Record<string, unknown> = { ...rest };
    budget.defer(restored, "data", rest.data, "A full snapshot");
    return restored;
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
      if (typeof out[f] === "string") budget.defer(out, f, out[f] as string, `A mutation's ${f}`);
    }
    return { ...rest, data: out };
  }
  return rest;
}

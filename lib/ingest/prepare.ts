import { gzipSync } from "node:zlib";
import { ApiError, type ErrorCode } from "@/lib/api/errors";
import { type DecodedCapture, decodeCapture } from "@/lib/dropin/decode";
import { decodeBody, parseJson } from "./body";
import { contentDigest } from "./digest";
import { heatOf } from "./heat";
import { checkBatch, checkEventCount, checkNesting, type IndexGrowth } from "./limits";
import { type BatchEnvelope, batchEnvelope } from "./schema";
import { type BatchSummary, type Carry, summarizeBatch, type Thresholds } from "./summarize";

/**
 * The CPU-heavy half of ingest (inflate, parse, validate, summarize, gzip), as two steps that run
 * in a worker thread (lib/ingest/pool.ts). Between them the request reads the session's carry,
 * which the summary needs and which only the decoded envelope can name. A third kind of job, one
 * step, decodes a posthog-js capture body into our batches (lib/dropin/decode.ts).
 */

/** Everything of the envelope except its events (small enough to hand between threads), and the body's digest. */
export type BatchMeta = Omit<BatchEnvelope, "events"> & { digest: string };

/** A decoded batch kept by the thread that decoded it until it is summarized. */
export interface DecodedBatch {
  batch: BatchEnvelope;
  text: string;
  /** The body as it came when it came gzipped (what is stored); null for a plain body. */
  gzipped: Uint8Array | null;
}

export function decodeBatch(bytes: Uint8Array, limit: number): DecodedBatch {
  const { text, compressed } = decodeBody(bytes, limit);
  // The caps a body can break before it is read as a batch, each in one pass (lib/ingest/limits).
  checkNesting(text);
  const body = parseJson(text);
  checkEventCount(body);
  const parsed = batchEnvelope.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError("bad_request", `Invalid batch: ${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return { batch: parsed.data, text, gzipped: compressed ? bytes : null };
}

export function metaOf({ batch, text }: DecodedBatch): BatchMeta {
  const { events: _events, ...meta } = batch;
  return { ...meta, digest: contentDigest(text) };
}

export interface SummarizedBatch {
  summary: BatchSummary;
  /** The paths and event names the batch adds to its session's indexes, within the batch caps. */
  growth: IndexGrowth;
  /**
   * The chunk to store: the body as it came when gzipped (handed back, since the request thread
   * transferred its bytes here), else the body gzipped here.
   */
  gzipped: Uint8Array;
}

export function finishBatch(decoded: DecodedBatch, thresholds: Thresholds, carry: Carry): SummarizedBatch {
  const summary = summarizeBatch(decoded.batch.events, thresholds, carry);
  // The caps first: a refused batch (every crafted one) does not pay for its heat, a third of
  // the work on a batch of many page views and clicks.
  const growth = checkBatch(decoded.batch, summary);
  const heat = heatOf(decoded.batch.events, summary.signals, carry.pages.at(-1)?.url, carry.heat);
  summary.heat = heat.heat;
  summary.carry.heat = heat.carry;
  return {
    summary,
    growth,
    gzipped: decoded.gzipped ?? gzipSync(decoded.text, { level: 4 }),
  };
}

// ---- the messages between a request and its worker ----

export type PoolRequest =
  | { id: number; type: "decode"; bytes: Uint8Array; limit: number }
  | { id: number; type: "finish"; thresholds: Thresholds; carry: Carry }
  /** A posthog-js capture body (`compression` from its query) → our batches, in one step. */
  | { id: number; type: "dropin"; bytes: Uint8Array; limit: number; compression: string | null }
  | { id: number; type: "drop" };

export type WireError =
  | { api: true; code: ErrorCode; message: string; headers?: Record<string, string> }
  | { api: false; message: string };

export type PoolReply =
  | { id: number; type: "decoded"; meta: BatchMeta }
  | { id: number; type: "finished"; result: SummarizedBatch }
  | { id: number; type: "mapped"; capture: DecodedCapture }
  | { id: number; type: "error"; error: WireError };

/** A view's whole ArrayBuffer, when the view owns all of it (never Node's shared pool): safe to transfer. */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer | null {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? buffer
    : null;
}

/** What a reply can hand over without a copy: the chunk to store, or a capture's batches. */
export function replyTransfer(reply: PoolReply): ArrayBuffer[] {
  const views =
    reply.type === "finished" ? [reply.result.gzipped] : reply.type === "mapped" ? reply.capture.batches : [];
  const owned = new Set<ArrayBuffer>();
  for (const view of views) {
    const buffer = ownBuffer(view);
    if (buffer) owned.add(buffer);
  }
  return [...owned];
}

/**
 * Answers one message, keeping each job's decoded batch in `held` between its two steps. Never
 * throws: an ApiError travels as data so the request answers the same 4xx as in-thread code would.
 */
export function handlePoolRequest(message: PoolRequest, held: Map<number, DecodedBatch>): PoolReply | null {
  const { id } = message;
  try {
    if (message.type === "drop") {
      held.delete(id);
      return null;
    }
    if (message.type === "decode") {
      const decoded = decodeBatch(message.bytes, message.limit);
      held.set(id, decoded);
      return { id, type: "decoded", meta: metaOf(decoded) };
    }
    if (message.type === "dropin") {
      return {
        id,
        type: "mapped",
        capture: decodeCapture(message.bytes, message.limit, message.compression),
      };
    }
    const decoded = held.get(id);
    held.delete(id);
    if (!decoded) throw new Error(`ingest worker: job ${id} was not decoded here`);
    return { id, type: "finished", result: finishBatch(decoded, message.thresholds, message.carry) };
  } catch (error) {
    held.delete(id);
    return { id, type: "error", error: toWire(error) };
  }
}

function toWire(error: unknown): WireError {
  if (error instanceof ApiError) {
    return { api: true, code: error.code, message: error.message, headers: error.headers };
  }
  return { api: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

export function fromWire(error: WireError): Error {
  if (error.api) return new ApiError(error.code, error.message, error.headers);
  return new Error(`ingest worker failed: ${error.message}`);
}

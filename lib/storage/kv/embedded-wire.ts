import { type Command, KvError, type Reply } from "./types";

/**
 * The messages between a threaded driver (./thread-client.ts: ./embedded.ts, ./redis-threaded.ts)
 * and its KV thread (./embedded-thread.ts, ./redis-thread.ts).
 */
export type ThreadRequest =
  | { type: "run"; batches: { id: number; commands: Command[]; mode: "pipeline" | "multi" }[] }
  | { type: "scan"; id: number; prefix: string }
  | { type: "sweep"; id: number }
  | { type: "close"; id: number };

/** An error crossing the thread boundary: a KvError is rebuilt as one, anything else as an Error. */
export interface WireError {
  kv: boolean;
  message: string;
  name?: string;
  code?: string;
}

/** An error thrown on a store thread, as it crosses back (a KvError stays a KvError on the other side). */
export function toWireError(error: unknown): WireError {
  if (error instanceof KvError) return { kv: true, message: error.message };
  const e = error as { message?: unknown; name?: unknown; code?: unknown };
  return {
    kv: false,
    message: String(e?.message ?? error),
    name: typeof e?.name === "string" ? e.name : "Error",
    code: typeof e?.code === "string" ? e.code : undefined,
  };
}

export type ThreadReply =
  | {
      type: "ran";
      results: ({ id: number; replies: WireReply[]; error?: undefined } | { id: number; error: WireError })[];
      stats?: { batches: number; commits: number };
    }
  | { type: "answer"; id: number; value?: unknown; error?: WireError };

/**
 * A reply as it crosses the thread: a long flat array of strings (an HGETALL of a heatmap day's
 * grid is ~10 k of them) travels as one JSON string, since structured clone copies every string on
 * its own and that copy, not SQLite, was most of a cold heatmap read (docs/ARCHITECTURE.md §4h).
 */
export type WireReply = Reply | { strings: string };

/** Arrays shorter than this cross as they are: packing them saves nothing. */
const PACK_MIN = 256;

export function toWire(replies: Reply[]): WireReply[] {
  return replies.map((r) =>
    Array.isArray(r) && r.length >= PACK_MIN && r.every((x) => typeof x === "string")
      ? { strings: JSON.stringify(r) }
      : r,
  );
}

export function fromWire(replies: WireReply[]): Reply[] {
  return replies.map((r) =>
    r !== null && typeof r === "object" && !Array.isArray(r) ? (JSON.parse(r.strings) as string[]) : r,
  );
}

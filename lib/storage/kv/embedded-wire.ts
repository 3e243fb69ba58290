import type { Command, Reply } from "./types";

/** The messages between the embedded driver (./embedded.ts) and its KV thread (./embedded-thread.ts). */
export type ThreadRequest =
  | { type: "run"; batches: { id: number; commands: Command[] }[] }
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

export type ThreadReply =
  | {
      type: "ran";
      results: ({ id: number; replies: Reply[]; error?: undefined } | { id: number; error: WireError })[];
      stats: { batches: number; commits: number };
    }
  | { type: "answer"; id: number; value?: unknown; error?: WireError };

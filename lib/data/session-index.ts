import type { Kv } from "@/lib/storage/kv";
import { kv } from "@/lib/storage/kv";

/**
 * What the search engine may do with the session indexes (sorted sets keyed by `sessionKeys`):
 * range, count, rank and score reads, and the set algebra that builds its short-lived plan sets.
 * A first step towards an interface in terms of indexes rather than keys (docs/ARCHITECTURE.md).
 */
export type SessionIndexStore = Pick<
  Kv,
  "zrange" | "zrangeWithScores" | "zcount" | "zrevrank" | "exists" | "zunionstore" | "pipeline" | "multi"
>;

/** The store behind the session indexes, narrowed to the operations search needs. */
export async function sessionIndexStore(): Promise<SessionIndexStore> {
  return kv();
}

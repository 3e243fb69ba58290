import type { ScoreBound } from "@/lib/storage/kv";
import { kv } from "@/lib/storage/kv";
import { indexValue, type SessionIndex, sessionIndexKey, sessionKeys } from "./session-keys";
import { urlIndexKeysUnder } from "./sessions";

/**
 * The session indexes as search and analytics read them: named by what they hold (`SessionIndex`),
 * never by key. Each operation is one store round (a command, a pipeline or a MULTI), so the
 * caller's plan keeps its costs; key strings are built here and in session-keys.ts only
 * (docs/ARCHITECTURE.md §1a).
 */

export type { ScoreBound } from "@/lib/storage/kv";
export type { SessionIndex, SortDimension } from "./session-keys";

/** A session id and its score in an index. */
export interface Scored {
  sid: string;
  score: number;
}

/**
 * A name for the index, the same for two descriptions of one index (values are case folded as
 * in the store): what a caller keys its maps and caches by. Not a storage key.
 */
export function indexName(ix: SessionIndex): string {
  switch (ix.kind) {
    case "all":
      return "all";
    case "sorted":
      return `sorted:${ix.by}`;
    case "page":
      return `page:${indexValue(ix.path)}`;
    case "slow":
      return `slow:${ix.atLeastMs}`;
    case "plan":
      return `plan:${ix.digest}`;
    default:
      return `${ix.kind}:${indexValue(ix.value)}`;
  }
}

/** The page indexes of every path starting with the prefix (case folded), from the path catalog. */
export async function pagesUnder(ws: string, prefix: string): Promise<SessionIndex[]> {
  const keyPrefix = sessionKeys.index(ws, "url", "");
  return (await urlIndexKeysUnder(ws, prefix)).map((key) => ({
    kind: "page",
    path: key.slice(keyPrefix.length),
  }));
}

/** Rows `start` to `start + count - 1` of the index, highest score first (ties: highest id first). */
export async function scanNewestFirst(
  ws: string,
  ix: SessionIndex,
  start: number,
  count: number,
): Promise<Scored[]> {
  const rows = await (await kv()).zrangeWithScores(sessionIndexKey(ws, ix), {
    by: "rank",
    start,
    stop: start + count - 1,
    rev: true,
  });
  return rows.map((r) => ({ sid: r.member, score: r.score }));
}

/** How many rows come before the session in `scanNewestFirst` order, or null when it is not in the index. */
export async function rankNewestFirst(ws: string, ix: SessionIndex, sid: string): Promise<number | null> {
  return (await kv()).zrevrank(sessionIndexKey(ws, ix), sid);
}

/** How many sessions of the index score within [min, max]. */
export async function countInRange(
  ws: string,
  ix: SessionIndex,
  min: ScoreBound,
  max: ScoreBound,
): Promise<number> {
  return (await kv()).zcount(sessionIndexKey(ws, ix), min, max);
}

/** The sessions of the index scoring within [min, max]. */
export async function membersInRange(
  ws: string,
  ix: SessionIndex,
  min: ScoreBound,
  max: ScoreBound,
): Promise<string[]> {
  return (await kv()).zrange(sessionIndexKey(ws, ix), { by: "score", min, max });
}

/** Every session of each index, in one round. */
export async function membersOfEach(ws: string, indexes: SessionIndex[]): Promise<string[][]> {
  if (indexes.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const ix of indexes) p.zrange(sessionIndexKey(ws, ix), { by: "score", min: "-inf", max: "+inf" });
  return p.exec<string[][]>();
}

/** Each session's score in the index (null when absent), in one round. */
export async function scoresIn(ws: string, ix: SessionIndex, sids: string[]): Promise<(number | null)[]> {
  if (sids.length === 0) return [];
  const key = sessionIndexKey(ws, ix);
  const p = (await kv()).pipeline();
  for (const sid of sids) p.zscore(key, sid);
  return p.exec<(number | null)[]>();
}

/** Per index, each session's score in it (null when absent): one membership command per index, in one round. */
export async function probeMembership(
  ws: string,
  indexes: SessionIndex[],
  sids: string[],
): Promise<(number | null)[][]> {
  if (indexes.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const ix of indexes) p.zmscore(sessionIndexKey(ws, ix), sids);
  return p.exec<(number | null)[][]>();
}

/** How many sessions each index holds, in one round. */
export async function indexSizes(ws: string, indexes: SessionIndex[]): Promise<number[]> {
  if (indexes.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const ix of indexes) p.zcard(sessionIndexKey(ws, ix));
  return p.exec<number[]>();
}

/** What a session's conditions read beyond its record: the pages it saw, and whether it is in each index. */
export interface SessionMemberships {
  pages: string[];
  in: boolean[];
}

/** For each session, in one round: the page URLs it saw (when asked) and its membership in each index. */
export async function readMemberships(
  ws: string,
  sids: string[],
  want: { pages: boolean; indexes: SessionIndex[] },
): Promise<SessionMemberships[]> {
  const { pages, indexes } = want;
  if (sids.length === 0 || (!pages && indexes.length === 0))
    return sids.map(() => ({ pages: [], in: indexes.map(() => false) }));
  const keys = indexes.map((ix) => sessionIndexKey(ws, ix));
  const p = (await kv()).pipeline();
  for (const sid of sids) {
    if (pages) p.smembers(sessionKeys.urls(ws, sid));
    for (const key of keys) p.zscore(key, sid);
  }
  const replies = await p.exec<(string[] | number | null)[]>();
  const first = pages ? 1 : 0;
  const per = first + keys.length;
  return sids.map((_, i) => {
    const urls = pages ? replies[i * per] : null;
    return {
      pages: Array.isArray(urls) ? urls : [],
      in: keys.map((_, j) => replies[i * per + first + j] !== null),
    };
  });
}

/** Whether a search's intersection is still kept. */
export async function planExists(ws: string, digest: string): Promise<boolean> {
  return (await kv()).exists(sessionIndexKey(ws, { kind: "plan", digest }));
}

/**
 * Stores a search's intersection under its digest for `ttlMs`: the sessions in every one of
 * `every` and in at least one index of each of `anyOf` (each written as a union first), scored by
 * `scoredBy` alone. The store intersects driven by its smallest input, in Redis and SQLite alike.
 * The plan is listed so deleting a session reaches it; the list outlives every plan by one TTL.
 */
export async function storeIntersection(
  ws: string,
  digest: string,
  sets: { every: SessionIndex[]; anyOf: SessionIndex[][]; scoredBy: SessionIndex; ttlMs: number },
): Promise<SessionIndex> {
  const planIndex: SessionIndex = { kind: "plan", digest };
  const tmp = sessionIndexKey(ws, planIndex);
  const store = await kv();
  const inputs = sets.every.map((ix) => sessionIndexKey(ws, ix));
  const unions: string[] = [];
  for (const [i, group] of sets.anyOf.entries()) {
    const union = `${tmp}:u${i}`;
    await store.zunionstore(
      union,
      group.map((ix) => sessionIndexKey(ws, ix)),
    );
    unions.push(union);
    inputs.push(union);
  }
  const m = store.multi();
  m.zinterstore(tmp, [...inputs, sessionIndexKey(ws, sets.scoredBy)], {
    weights: [...inputs.map(() => 0), 1],
  });
  m.pexpire(tmp, sets.ttlMs);
  m.sadd(sessionKeys.searchPlans(ws), tmp);
  m.pexpire(sessionKeys.searchPlans(ws), 2 * sets.ttlMs);
  if (unions.length) m.del(unions);
  await m.exec();
  return planIndex;
}

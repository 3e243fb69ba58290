import { SizedLru } from "@/lib/cache";
import { isAnonymous as isAnonymousId, personName } from "@/lib/person-name";
import type { KvBatch } from "@/lib/storage/kv";
import { kv } from "@/lib/storage/kv";
import { eventKeys, moveEvents } from "./events";
import { pageByScore } from "./score-pages";
import { sessionKeys } from "./session-keys";

/**
 * Persons: one per distinct id, with the properties identify() sent (merged), first and last seen,
 * and their sessions (the `person` session index). An anonymous id that later identifies becomes
 * an alias of the identified person: its sessions, events and properties move over, and batches
 * still arriving under it are stored for the person.
 */

export const personKeys = {
  person: (ws: string, distinctId: string) => `{w:${ws}}:p:${distinctId}`,
  firstSeen: (ws: string) => `{w:${ws}}:persons:first`,
  lastSeen: (ws: string) => `{w:${ws}}:persons:last`,
  sessionCount: (ws: string) => `{w:${ws}}:persons:sessions`,
  /** anonymous id → the person it turned out to be. */
  alias: (ws: string, anonymousId: string) => `{w:${ws}}:alias:${anonymousId}`,
  /**
   * Bumped in the same MULTI as every change of an alias or of a session's person (mergePersons,
   * forgetPerson), so a person resolved at one version stays right while it is unchanged.
   */
  aliasVersion: (ws: string) => `{w:${ws}}:aliasv`,
  /** The anonymous ids that became this person, so deleting the person removes them too. */
  aliases: (ws: string, distinctId: string) => `{w:${ws}}:pa:${distinctId}`,
  /** Persons with a property value (`plan=growth`), scored by when it was set; checked on read. */
  propIndex: (ws: string, key: string, value: string) =>
    `{w:${ws}}:pp:${key.slice(0, 100)}=${value.toLowerCase().slice(0, 200)}`,
  /** Every property index key the person was added to, old values included, for deletion. */
  propKeys: (ws: string, distinctId: string) => `{w:${ws}}:ppk:${distinctId}`,
};

/** The SDK names visitors who have not identified `anon-<uuid>` (lib/person-name.ts owns the rule). */
export { isAnonymousId };

/** Property values as stored: strings as they are, anything else as JSON, each at most 500 characters. */
export function storableProperties(properties: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(properties).slice(0, 100)) {
    if (!k || k.length > 100 || v === undefined || v === null) continue;
    out[k] = (typeof v === "string" ? v : JSON.stringify(v)).slice(0, 500);
  }
  return out;
}

/** Properties of many persons in one pipeline. */
export async function personProperties(
  ws: string,
  distinctIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const unique = [...new Set(distinctIds)];
  if (unique.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const id of unique) p.hgetall(personKeys.person(ws, id));
  const rows = await p.exec<Record<string, string>[]>();
  return new Map(unique.map((id, i) => [id, rows[i] ?? {}]));
}

/**
 * The persons that distinct ids stand for now: an anonymous id that identified maps to its person
 * (following a chain a few steps); every other id stands for itself, without a lookup.
 */
export async function resolveAliases(ws: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let pending = [...new Set(ids)].filter((id) => {
    out.set(id, id);
    return isAnonymousId(id);
  });
  const store = await kv();
  for (let hop = 0; hop < 4 && pending.length; hop++) {
    const p = store.pipeline();
    for (const id of pending) p.get(personKeys.alias(ws, out.get(id)!));
    const targets = await p.exec<(string | null)[]>();
    pending = pending.filter((id, i) => {
      if (!targets[i]) return false;
      out.set(id, targets[i]!);
      return isAnonymousId(targets[i]!);
    });
  }
  return out;
}

/** The workspace's alias version (personKeys.aliasVersion): "0" before any alias. */
export async function aliasVersion(ws: string): Promise<string> {
  return (await (await kv()).get(personKeys.aliasVersion(ws))) ?? "0";
}

/**
 * Anonymous ids resolved at an alias version, per workspace, in this process: a funnel's second run
 * resolves no id again. One version per workspace (a newer one starts afresh), bounded in ids.
 */
const resolvedAt = new SizedLru<{ version: string; persons: Map<string, string> }>(4_000_000);

/**
 * Who each of these ids stands for at alias version `version` (read with aliasVersion before this):
 * the ids not yet resolved at that version in this process are resolved together (resolveAliases,
 * one pipelined round trip per alias hop), the rest come from memory.
 */
export async function personResolver(
  ws: string,
  ids: Iterable<string>,
  version: string,
): Promise<(id: string) => string> {
  let entry = resolvedAt.get(ws);
  if (entry?.version !== version) entry = { version, persons: new Map() };
  const { persons } = entry;
  const missing: string[] = [];
  for (const id of ids) if (isAnonymousId(id) && !persons.has(id)) missing.push(id);
  if (missing.length) for (const [id, who] of await resolveAliases(ws, missing)) persons.set(id, who);
  resolvedAt.set(ws, entry, persons.size);
  return (id) => persons.get(id) ?? id;
}

/** Forgets the resolved ids kept in this process (tests and benchmarks: a cold read). */
export function clearResolvedPersons(): void {
  resolvedAt.clear();
}

/** A batch's writes for its person, in the ingest MULTI: seen times and identify()'s properties. */
export function queuePersonWrites(
  m: KvBatch,
  args: {
    ws: string;
    distinctId: string;
    firstTs: number;
    lastTs: number;
    properties?: Record<string, string>;
  },
): void {
  const { ws, distinctId, properties } = args;
  m.zadd(personKeys.firstSeen(ws), { score: args.firstTs, member: distinctId }, { lt: true });
  m.zadd(personKeys.lastSeen(ws), { score: args.lastTs, member: distinctId }, { gt: true });
  if (properties && Object.keys(properties).length) {
    m.hset(personKeys.person(ws, distinctId), properties);
    const keys = Object.entries(properties).map(([k, v]) => personKeys.propIndex(ws, k, v));
    for (const k of keys) m.zadd(k, { score: args.lastTs, member: distinctId });
    m.sadd(personKeys.propKeys(ws, distinctId), keys);
  }
}

/** Keeps the persons-by-sessions order current; called after a batch with the person's session count. */
export function queueSessionCount(m: KvBatch, ws: string, distinctId: string, count: number): void {
  m.zadd(personKeys.sessionCount(ws), { score: count, member: distinctId });
}

/** The session index of one person: their sessions by start time. */
export const personIndexKey = (ws: string, id: string) => sessionKeys.index(ws, "person", id);

/**
 * Joins an anonymous id to the person it identified as. Every step is idempotent, so a retry of
 * the identifying batch (or a crash half way) ends in the same state.
 */
export async function mergePersons(ws: string, from: string, into: string): Promise<void> {
  if (!from || from === into) return;
  const store = await kv();
  // First, so batches still arriving under the anonymous id are stored for the person.
  await store.multi().set(personKeys.alias(ws, from), into).incrby(personKeys.aliasVersion(ws), 1).exec();
  const fromIndex = personIndexKey(ws, from);
  const intoIndex = personIndexKey(ws, into);
  const [sessions, props, first, last, propKeys] = await store
    .pipeline()
    .zrangeWithScores(fromIndex, { by: "rank", start: 0, stop: -1 })
    .hgetall(personKeys.person(ws, from))
    .zscore(personKeys.firstSeen(ws), from)
    .zscore(personKeys.lastSeen(ws), from)
    .smembers(personKeys.propKeys(ws, from))
    .exec<
      [{ member: string; score: number }[], Record<string, string>, number | null, number | null, string[]]
    >();
  const m = store.multi();
  const sameIndex = fromIndex === intoIndex; // ids differing only in case share the index
  for (const { member: sid, score } of sessions) {
    m.hset(sessionKeys.session(ws, sid), { distinctId: into });
    if (!sameIndex) {
      m.zadd(intoIndex, { score, member: sid }, { lt: true });
      m.sadd(sessionKeys.indexed(ws, sid), intoIndex);
      m.srem(sessionKeys.indexed(ws, sid), fromIndex);
    }
  }
  // The identified person's own properties win over what the anonymous one had.
  for (const [k, v] of Object.entries(props)) {
    m.hsetnx(personKeys.person(ws, into), k, v);
    m.zadd(personKeys.propIndex(ws, k, v), { score: last ?? Date.now(), member: into });
    m.sadd(personKeys.propKeys(ws, into), personKeys.propIndex(ws, k, v));
  }
  for (const k of propKeys) m.zrem(k, from);
  if (first !== null) m.zadd(personKeys.firstSeen(ws), { score: first, member: into }, { lt: true });
  if (last !== null) m.zadd(personKeys.lastSeen(ws), { score: last, member: into }, { gt: true });
  for (const k of [personKeys.firstSeen(ws), personKeys.lastSeen(ws), personKeys.sessionCount(ws)])
    m.zrem(k, from);
  m.sadd(personKeys.aliases(ws, into), from);
  const del = [personKeys.person(ws, from), personKeys.aliases(ws, from), personKeys.propKeys(ws, from)];
  if (!sameIndex) del.push(fromIndex);
  m.del(del);
  m.incrby(personKeys.aliasVersion(ws), 1); // the sessions' person changed
  await m.exec();
  await moveEvents(ws, from, into);
  // The anonymous id's own aliases now point at the person too.
  const older = await store.smembers(personKeys.aliases(ws, from));
  for (const a of older) await mergePersons(ws, a, into);
  await store.zadd(personKeys.sessionCount(ws), { score: await store.zcard(intoIndex), member: into });
}

export interface PersonSummary {
  distinctId: string;
  firstSeen: number;
  lastSeen: number;
  sessionCount: number;
  properties: Record<string, string>;
}

export const PERSON_SORTS = ["last", "sessions"] as const;
export type PersonSort = (typeof PERSON_SORTS)[number];

/** How many persons an id search reads at most (most recently seen first). */
export const ID_SEARCH_LIMIT = 50_000;

/**
 * Persons a page at a time, by last seen or by number of sessions. `search` is either
 * `key=value` (a property, through its index) or part of a distinct id (read from the most
 * recently seen persons, up to ID_SEARCH_LIMIT; `truncated` says when that bound was hit).
 */
export async function listPersons(
  ws: string,
  opts: { sort: PersonSort; limit: number; cursor?: string | null; search?: string },
): Promise<{ persons: PersonSummary[]; nextCursor: string | null; truncated: boolean }> {
  const search = opts.search?.trim() ?? "";
  const eq = search.indexOf("=");
  let key = opts.sort === "sessions" ? personKeys.sessionCount(ws) : personKeys.lastSeen(ws);
  let accept: (id: string) => boolean = () => true;
  let maxRead = Number.POSITIVE_INFINITY;
  let propCheck: { key: string; value: string } | null = null;
  if (eq > 0) {
    propCheck = { key: search.slice(0, eq).trim(), value: search.slice(eq + 1).trim() };
    key = personKeys.propIndex(ws, propCheck.key, propCheck.value);
  } else if (search) {
    const needle = search.toLowerCase();
    // An anonymous visitor is found by the name the app shows for them too ("amber otter").
    accept = (id) =>
      id.toLowerCase().includes(needle) ||
      (isAnonymousId(id) && personName(id).toLowerCase().includes(needle));
    maxRead = ID_SEARCH_LIMIT;
  }
  const page = await pageByScore(key, { limit: opts.limit, cursor: opts.cursor, accept, maxRead });
  let persons = await personSummaries(
    ws,
    page.rows.map((r) => r.member),
  );
  // A property index entry stays behind when the value changes; the person's hash is the truth.
  if (propCheck) {
    const { key: k, value } = propCheck;
    persons = persons.filter((p) => (p.properties[k] ?? "").toLowerCase() === value.toLowerCase());
  }
  return { persons, nextCursor: page.nextCursor, truncated: page.truncated };
}

/** Summaries of many persons in one pipeline; unknown ids are left out. */
export async function personSummaries(ws: string, ids: string[]): Promise<PersonSummary[]> {
  if (ids.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const id of ids) {
    p.zscore(personKeys.firstSeen(ws), id)
      .zscore(personKeys.lastSeen(ws), id)
      .zcard(personIndexKey(ws, id))
      .hgetall(personKeys.person(ws, id));
  }
  const r = await p.exec<unknown[]>();
  return ids.flatMap((distinctId, i) => {
    const last = r[i * 4 + 1] as number | null;
    if (last === null) return [];
    return [
      {
        distinctId,
        firstSeen: (r[i * 4] as number | null) ?? last,
        lastSeen: last,
        sessionCount: r[i * 4 + 2] as number,
        properties: r[i * 4 + 3] as Record<string, string>,
      },
    ];
  });
}

export async function getPerson(ws: string, distinctId: string): Promise<PersonSummary | null> {
  return (await personSummaries(ws, [distinctId]))[0] ?? null;
}

/**
 * Removes a person's properties, aliases and list entries. Called when their last recording goes
 * (a person is only known through recordings), and by the erasure above.
 */
export async function forgetPerson(ws: string, distinctId: string): Promise<void> {
  const store = await kv();
  const index = personIndexKey(ws, distinctId);
  const [props, aliases, propKeys] = await store
    .pipeline()
    .hgetall(personKeys.person(ws, distinctId))
    .smembers(personKeys.aliases(ws, distinctId))
    .smembers(personKeys.propKeys(ws, distinctId))
    .exec<[Record<string, string>, string[], string[]]>();
  const m = store.multi();
  const propIndexKeys = new Set([
    ...propKeys,
    ...Object.entries(props).map(([k, v]) => personKeys.propIndex(ws, k, v)),
  ]);
  for (const k of propIndexKeys) m.zrem(k, distinctId);
  for (const k of [personKeys.firstSeen(ws), personKeys.lastSeen(ws), personKeys.sessionCount(ws)]) {
    m.zrem(k, distinctId);
  }
  m.del([
    ...aliases.map((a) => personKeys.alias(ws, a)),
    personKeys.aliases(ws, distinctId),
    personKeys.propKeys(ws, distinctId),
    personKeys.person(ws, distinctId),
    index,
  ]);
  m.incrby(personKeys.aliasVersion(ws), 1);
  await m.exec();
  // Events left under the person (none once their sessions are gone, unless a session was lost).
  await store.del(eventKeys.byPerson(ws, distinctId));
}

/** When each person was first seen, in one pipeline (missing persons are left out). */
export async function firstSeenOf(ws: string, ids: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const id of unique) p.zscore(personKeys.firstSeen(ws), id);
  const scores = await p.exec<(number | null)[]>();
  return new Map(
    unique.flatMap((id, i) => (scores[i] === null ? [] : [[id, scores[i]!] as [string, number]])),
  );
}

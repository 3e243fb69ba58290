import type { CapturedEvent } from "@/lib/ingest/summarize";
import { pushTo } from "@/lib/push-to";
import {
  catalogKeys,
  ensureCatalog,
  type KeyCatalog,
  queueCatalogAdd,
  queueCatalogComplete,
} from "@/lib/storage/key-catalog";
import type { KvBatch } from "@/lib/storage/kv";
import { kv } from "@/lib/storage/kv";
import { pathOf, pathSequence } from "@/lib/url-path";
import { eventSpansOf, pruneEventHourVersions, queueEventHourBumps, type SpanAt } from "./event-hours";
import { storedEventMember } from "./event-member";
import { parseJsonRecord } from "./json-hash";
import { parseCount, skipCorrupt } from "./record";
import { pageByScore } from "./score-pages";

/**
 * The events store: page views, custom events and `$exception`s from ingest, each kept once per
 * index it is read through — by name (funnels, definitions), by person (the person's Events tab)
 * and by session (deletion) — as sorted sets scored by time. A member is the event itself, so a
 * range of one index is all a reader needs; the person an event belongs to is the set it is in, or
 * its session's current distinct id (which aliasing keeps up to date).
 */

export const eventKeys = {
  byName: (ws: string, name: string) => `{w:${ws}}:ev:n:${name}`,
  /** Page views of one path, so a funnel step on a page reads only that page's views. */
  byPath: (ws: string, path: string) => `{w:${ws}}:ev:u:${pathKey(path)}`,
  /** Every path with a `byPath` key (as in the key), all scored 0: paths under a prefix by BYLEX. */
  paths: (ws: string) => `{w:${ws}}:ev-paths`,
  /** Set once the `byPath` keys written before the catalog existed are in it. */
  pathsCatalogued: (ws: string) => `{w:${ws}}:ev-paths:complete`,
  byPerson: (ws: string, distinctId: string) => `{w:${ws}}:ev:p:${distinctId}`,
  bySession: (ws: string, sid: string) => `{w:${ws}}:ev:s:${sid}`,
  /** name → how many events were stored under it. */
  volume: (ws: string) => `{w:${ws}}:evdefs`,
  /** name → timestamp of the newest one. */
  lastSeen: (ws: string) => `{w:${ws}}:evdefs:last`,
};

const pathKey = (path: string) => path.slice(0, 500);

/** The page-view-by-path keys, catalogued so a path prefix is one range read (lib/storage/key-catalog). */
function pathCatalog(ws: string): KeyCatalog {
  return {
    catalog: eventKeys.paths(ws),
    complete: eventKeys.pathsCatalogued(ws),
    keyPrefix: eventKeys.byPath(ws, ""),
  };
}

/** Catalogues page-view keys written before the catalog existed (once per workspace). */
export function ensureEventPathCatalog(ws: string): Promise<void> {
  return ensureCatalog(pathCatalog(ws));
}

/** A new workspace has no events written before the catalog. */
export function queueEventIndexesComplete(m: KvBatch, ws: string): void {
  queueCatalogComplete(m, pathCatalog(ws));
}

export interface StoredEvent {
  /** `<batchId>.<n>`: unique, so two identical events in one millisecond stay two. */
  id: string;
  sessionId: string;
  /** Who did it, as ingest knew them then: an anonymous id may since have become a person (aliases). */
  distinctId?: string;
  name: string;
  at: number;
  url?: string;
  props: Record<string, string | number | boolean>;
}

type Member = [
  id: string,
  sessionId: string,
  name: string,
  url: string | null,
  props: StoredEvent["props"],
  distinctId?: string,
];

function encode(e: StoredEvent): string {
  const m: Member = [e.id, e.sessionId, e.name, e.url ?? null, e.props, e.distinctId];
  return JSON.stringify(m);
}

/** The event a member holds; null (logged) when it is unreadable, so lists go on without it. */
export function decodeEvent(member: string, at: number): StoredEvent | null {
  const [decoded = null] = skipCorrupt(() => {
    const [id, sessionId, name, url, props, distinctId] = parseJsonRecord(storedEventMember, "event", member);
    return {
      id,
      sessionId,
      distinctId: distinctId ?? undefined,
      name,
      at,
      url: url ?? undefined,
      props: props ?? {},
    };
  }, "events");
  return decoded;
}

/** Adds a batch's events to the ingest MULTI, so they are stored exactly when the batch is. */
export function queueEventWrites(
  m: KvBatch,
  args: { ws: string; sessionId: string; distinctId: string; batchId: string; events: CapturedEvent[] },
): void {
  const { ws, sessionId, distinctId, batchId, events } = args;
  const names = new Map<string, { count: number; last: number }>();
  events.forEach((e, i) => {
    const member = encode({
      id: `${batchId}.${i}`,
      sessionId,
      distinctId,
      name: e.name,
      at: e.at,
      url: e.url,
      props: e.props,
    });
    const scored = { score: e.at, member };
    m.zadd(eventKeys.byName(ws, e.name), scored);
    if (e.name === "$pageview" && e.url) {
      m.zadd(eventKeys.byPath(ws, pathOf(e.url)), scored);
      queueCatalogAdd(m, pathCatalog(ws), [pathKey(pathOf(e.url))]);
    }
    m.zadd(eventKeys.byPerson(ws, distinctId), scored);
    m.zadd(eventKeys.bySession(ws, sessionId), scored);
    const seen = names.get(e.name) ?? { count: 0, last: 0 };
    names.set(e.name, { count: seen.count + 1, last: Math.max(seen.last, e.at) });
  });
  for (const [name, { count, last }] of names) {
    m.hincrby(eventKeys.volume(ws), name, count);
    m.zadd(eventKeys.lastSeen(ws), { score: last, member: name }, { gt: true });
  }
  queueEventHourBumps(
    m,
    ws,
    events.flatMap((e) => funnelIndexesOf(ws, e.name, e.url, e.at)),
  );
}

/** The indexes a funnel reads an event through (by name; a page view also by path), with its time. */
function funnelIndexesOf(ws: string, name: string, url: string | undefined, at: number) {
  const out = [{ key: eventKeys.byName(ws, name), at }];
  if (name === "$pageview" && url) out.push({ key: eventKeys.byPath(ws, pathOf(url)), at });
  return out;
}

/** A session's events with their scores, so deleting it can take them out of every index. */
export async function sessionEventMembers(
  ws: string,
  sid: string,
): Promise<{ member: string; score: number }[]> {
  return (await kv()).zrangeWithScores(eventKeys.bySession(ws, sid), { by: "rank", start: 0, stop: -1 });
}

/**
 * Page views of the given sessions within [from, to], oldest first each: read per session, so the
 * cost follows the sessions asked for, not every page view of the workspace in the range.
 */
export function pageViewsOfSessions(
  ws: string,
  sessionIds: string[],
  from: number,
  to: number,
): Promise<Map<string, StoredEvent[]>> {
  return eventsOfSessions(ws, sessionIds, from, to, PAGE_VIEWS);
}

const PAGE_VIEWS: ReadonlySet<string> = new Set(["$pageview"]);

/**
 * The events with these names of the given sessions within [from, to], oldest first each (sessions
 * with none left out). Every event of a session in the range is read once, whatever the names: ask
 * for all the names a caller needs in one call.
 */
export async function eventsOfSessions(
  ws: string,
  sessionIds: string[],
  from: number,
  to: number,
  names: ReadonlySet<string>,
): Promise<Map<string, StoredEvent[]>> {
  const store = await kv();
  const out = new Map<string, StoredEvent[]>();
  for (let i = 0; i < sessionIds.length; i += 500) {
    const ids = sessionIds.slice(i, i + 500);
    const p = store.pipeline();
    for (const sid of ids)
      p.zrangeWithScores(eventKeys.bySession(ws, sid), { by: "score", min: from, max: to });
    const replies = await p.exec<{ member: string; score: number }[][]>();
    ids.forEach((sid, j) => {
      const events = replies[j]!.flatMap(({ member, score }) => {
        const e = decodeEvent(member, score);
        return e && names.has(e.name) ? [e] : [];
      });
      if (events.length) out.set(sid, events);
    });
  }
  return out;
}

/** Events of a session read for its trail: a visit's page views and errors come early, so this many is plenty. */
const TRAIL_EVENTS_READ = 1000;

export interface SessionTrail {
  /** Pages in order, repeats in a row folded. */
  path: string[];
  /** Exceptions in order, with their message. */
  errors: { at: number; message: string }[];
}

/**
 * Each session's trail from its first events (bounded per session): its path, which `path:`
 * searches and the flow diagram read, and its exceptions, which `error:` and
 * `has:error_then_exit` read.
 */
export async function sessionTrails(ws: string, sessionIds: string[]): Promise<Map<string, SessionTrail>> {
  const store = await kv();
  const out = new Map<string, SessionTrail>();
  for (let i = 0; i < sessionIds.length; i += 500) {
    const ids = sessionIds.slice(i, i + 500);
    const p = store.pipeline();
    for (const sid of ids)
      p.zrangeWithScores(eventKeys.bySession(ws, sid), { by: "rank", start: 0, stop: TRAIL_EVENTS_READ - 1 });
    const replies = await p.exec<{ member: string; score: number }[][]>();
    ids.forEach((sid, j) => {
      const paths: string[] = [];
      const errors: SessionTrail["errors"] = [];
      for (const { member, score } of replies[j]!) {
        const e = decodeEvent(member, score);
        if (e?.name === "$pageview" && e.url) paths.push(pathOf(e.url));
        else if (e?.name === "$exception") errors.push({ at: e.at, message: String(e.props.message ?? "") });
      }
      out.set(sid, { path: pathSequence(paths), errors });
    });
  }
  return out;
}

/** Removes a session's events (read with sessionEventMembers) from every index, in the caller's MULTI. */
export function queueEventDeletes(
  m: KvBatch,
  args: {
    ws: string;
    sessionId: string;
    distinctId: string | undefined;
    members: { member: string; score: number }[];
  },
): void {
  const { ws, sessionId, distinctId, members } = args;
  const byName = new Map<string, string[]>();
  const byPath = new Map<string, string[]>();
  // Under the session's person, and under whoever each event names (a batch may carry another id).
  const byPerson = new Map<string, string[]>();
  const touched: ReturnType<typeof funnelIndexesOf> = [];
  for (const { member, score } of members) {
    const e = decodeEvent(member, score);
    if (!e) continue;
    touched.push(...funnelIndexesOf(ws, e.name, e.url, e.at));
    pushTo(byName, e.name, member);
    if (e.name === "$pageview" && e.url) pushTo(byPath, pathOf(e.url), member);
    for (const who of new Set([distinctId, e.distinctId])) if (who) pushTo(byPerson, who, member);
  }
  for (const [name, list] of byName) {
    m.zrem(eventKeys.byName(ws, name), list);
    m.hincrby(eventKeys.volume(ws), name, -list.length);
  }
  for (const [path, list] of byPath) m.zrem(eventKeys.byPath(ws, path), list);
  for (const [who, list] of byPerson) m.zrem(eventKeys.byPerson(ws, who), list);
  m.del(eventKeys.bySession(ws, sessionId));
  queueEventHourBumps(m, ws, touched, { drop: true });
}

/**
 * After retention: drops the funnel snapshot versions of the hours before each event index's first
 * event (./event-hours.ts pruneEventHourVersions) — every by-name index and every catalogued path.
 */
export async function pruneEventVersions(ws: string): Promise<number> {
  const store = await kv();
  const names = Object.keys(await store.hgetall(eventKeys.volume(ws)));
  const keys = [...names.map((n) => eventKeys.byName(ws, n)), ...(await catalogKeys(pathCatalog(ws)))];
  let dropped = 0;
  // A few hundred indexes per MULTI, so no one transaction holds a workspace's every index.
  for (let i = 0; i < keys.length; i += 200)
    dropped += await pruneEventHourVersions(ws, keys.slice(i, i + 200));
  return dropped;
}

/** Where a funnel step reads its events: by name, or a page's views by its path (one, or all under a prefix). */
export type EventSource = { name: string } | { path: string } | { pathPrefix: string };

/** The index keys each source reads (a path prefix: every catalogued path under it). */
function keysOfSources(ws: string, sources: EventSource[]): Promise<string[][]> {
  return Promise.all(
    sources.map(async (src) =>
      "name" in src
        ? [eventKeys.byName(ws, src.name)]
        : "path" in src
          ? [eventKeys.byPath(ws, src.path)]
          : catalogKeys(pathCatalog(ws), src.pathPrefix),
    ),
  );
}

/**
 * The distinct index keys that hold every event of the sources, each event in one of them: every
 * page view is in the by-name index of `$pageview`, so with that one read the by-path ones add
 * nothing.
 */
async function indexKeysOf(ws: string, sources: EventSource[]): Promise<string[]> {
  const keys = [...new Set((await keysOfSources(ws, sources)).flat())];
  const pageViews = eventKeys.byName(ws, "$pageview");
  const byPath = eventKeys.byPath(ws, "");
  return keys.includes(pageViews) ? keys.filter((k) => !k.startsWith(byPath)) : keys;
}

/**
 * The spans of these sources' indexes covering [from, to], with the versions their snapshots must
 * have (./event-hours.ts: read them with eventHoursOfSpans); null when that would be too many
 * snapshots to read.
 */
export async function eventSpansOfSources(
  ws: string,
  sources: EventSource[],
  from: number,
  to: number,
): Promise<SpanAt[] | null> {
  return eventSpansOf(ws, await indexKeysOf(ws, sources), from, to);
}

/** Events of several sources in one pipeline (plus a catalog read for each path prefix), oldest first each. */
export async function eventsFrom(
  ws: string,
  sources: EventSource[],
  from: number,
  to: number,
): Promise<StoredEvent[][]> {
  const store = await kv();
  const keysOf = await keysOfSources(ws, sources);
  const flat = keysOf.flat();
  const p = store.pipeline();
  for (const k of flat) p.zrangeWithScores(k, { by: "score", min: from, max: to });
  const replies = flat.length ? await p.exec<{ member: string; score: number }[][]>() : [];
  let i = 0;
  return keysOf.map((keys) =>
    keys.flatMap(() => (replies[i++] ?? []).flatMap(({ member, score }) => decodeEvent(member, score) ?? [])),
  );
}

/** Events of one name in [from, to], newest first, at most `limit` of them. */
export async function newestEvents(
  ws: string,
  name: string,
  from: number,
  to: number,
  limit: number,
): Promise<StoredEvent[]> {
  const rows = await (await kv()).zrangeWithScores(eventKeys.byName(ws, name), {
    by: "score",
    min: from,
    max: to,
    rev: true,
    offset: 0,
    count: limit,
  });
  return rows.flatMap(({ member, score }) => decodeEvent(member, score) ?? []);
}

/**
 * A person's events, newest first, a page at a time (the cursor carries the last event's id).
 * With `name`, only events of that name.
 */
export async function personEvents(
  ws: string,
  distinctId: string,
  opts: { limit: number; cursor?: string | null; name?: string },
): Promise<{ events: StoredEvent[]; nextCursor: string | null }> {
  const page = await pageByScore(eventKeys.byPerson(ws, distinctId), {
    limit: opts.limit,
    cursor: opts.cursor,
    // The member starts with the id and `"` sorts before any id character, so ids sort as members do.
    keyOf: (member) => decodeEvent(member, 0)?.id ?? member,
    accept: (member) => !opts.name || decodeEvent(member, 0)?.name === opts.name,
    maxRead: PERSON_EVENTS_READ_LIMIT,
  });
  return {
    events: page.rows.flatMap(({ member, score }) => decodeEvent(member, score) ?? []),
    nextCursor: page.nextCursor,
  };
}

/** How many of a person's events one page may read while filtering by name. */
const PERSON_EVENTS_READ_LIMIT = 100_000;

export interface EventDefinition {
  name: string;
  volume: number;
  lastSeen: number;
}

/** Every event name seen, with its volume and when it was last seen, most recent first. */
export async function eventDefinitions(ws: string): Promise<EventDefinition[]> {
  const [volumes, last] = await (await kv())
    .pipeline()
    .hgetall(eventKeys.volume(ws))
    .zrangeWithScores(eventKeys.lastSeen(ws), { by: "rank", start: 0, stop: -1, rev: true })
    .exec<[Record<string, string>, { member: string; score: number }[]]>();
  return last
    .flatMap(({ member, score }) =>
      skipCorrupt(
        () => ({
          name: member,
          volume: parseCount(`volume of event ${member}`, volumes[member]),
          lastSeen: score,
        }),
        "event definitions",
      ),
    )
    .filter((d) => d.volume > 0);
}

/** Moves one person's events under another (aliasing), keeping each event once. */
export async function moveEvents(ws: string, from: string, into: string): Promise<void> {
  const store = await kv();
  const rows = await store.zrangeWithScores(eventKeys.byPerson(ws, from), { by: "rank", start: 0, stop: -1 });
  const m = store.multi();
  if (rows.length) m.zadd(eventKeys.byPerson(ws, into), rows);
  m.del(eventKeys.byPerson(ws, from));
  await m.exec();
}

/** Page views per path in a time range, most viewed first (every viewed path's index is counted). */
export async function pageViewVolumes(
  ws: string,
  from: number,
  to: number,
  limit: number,
): Promise<{ path: string; views: number }[]> {
  const store = await kv();
  const prefix = eventKeys.byPath(ws, "");
  const keys = await catalogKeys(pathCatalog(ws));
  if (keys.length === 0) return [];
  const p = store.pipeline();
  for (const k of keys) p.zcount(k, from, to);
  const counts = await p.exec<number[]>();
  return keys
    .map((k, i) => ({ path: k.slice(prefix.length), views: counts[i]! }))
    .filter((x) => x.views > 0)
    .sort((a, b) => b.views - a.views || (a.path < b.path ? -1 : 1))
    .slice(0, limit);
}

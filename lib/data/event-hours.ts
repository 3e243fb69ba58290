import { z } from "zod";
import type { KvBatch } from "@/lib/storage/kv";
import { kv } from "@/lib/storage/kv";
import { eventProps, storedEventMember } from "./event-member";
import { parseJsonRecord } from "./json-hash";
import { skipCorrupt } from "./record";

/**
 * Hourly snapshots of an event index (`ev:n:<name>`, `ev:u:<path>`), so a funnel reads an hour of
 * events as one compact string instead of one JSON member each. A snapshot is a cache: it is built
 * from the index's members on the first read after they changed, and is valid while the hour's
 * version — a counter bumped in the same MULTI as every write or delete of an event of that index
 * and hour — still equals the one it was built at. So ingest only adds one HINCRBY per index and
 * hour a batch touches, deletion (retention, persons) the same, and nothing can serve a stale hour.
 *
 * In a snapshot the strings that repeat (name, url and properties — the event's "shape" —, the
 * distinct id, the session) are listed once, and each event is four numbers, so decoding it is a
 * handful of JSON.parse calls over arrays, not one parse and validation per event.
 */

export const HOUR_MS = 3_600_000;

/** Snapshots expire unread after this long; the next read rebuilds them. */
const SNAPSHOT_TTL_MS = 30 * 86_400_000;

/** The snapshot format; a stored snapshot of another format is rebuilt. */
const FORMAT = 2;

/** Hours of the range and indexes one read may snapshot at most; beyond, callers read the index itself. */
export const MAX_SNAPSHOT_READS = 40_000;

export type EventShape = [name: string, url: string | null, props: Record<string, string | number | boolean>];

/** One index's events of one hour. */
export interface EventHour {
  shapes: EventShape[];
  /** Distinct ids as ingest recorded them ("" when the event named none). */
  persons: string[];
  sessions: string[];
  /** Event ids, one per event in index order. */
  ids: string[];
  /** Per event: time, shape, person and session (indexes into the lists above); four numbers each. */
  rows: number[];
}

/** `{w:<ws>}:ev:n:checkout` → the part after `ev:`, which names the index in the snapshot keys. */
function tailOf(ws: string, indexKey: string): string {
  const prefix = `{w:${ws}}:ev:`;
  return indexKey.startsWith(prefix) ? indexKey.slice(prefix.length) : indexKey;
}

export const eventHourKeys = {
  /** hour number → version, for one index. */
  versions: (ws: string, indexKey: string) => `{w:${ws}}:evx:v:${tailOf(ws, indexKey)}`,
  snapshot: (ws: string, indexKey: string, span: Span) =>
    `{w:${ws}}:evx:s:${span.first}:${span.hours}:${tailOf(ws, indexKey)}`,
};

/**
 * Bumps the version of each (index, hour) written or deleted, in the caller's MULTI. A deletion
 * (`drop`) also deletes the snapshots holding those hours, so a deleted person's or session's ids
 * do not stay in a cache until it is next read.
 */
export function queueEventHourBumps(
  m: KvBatch,
  ws: string,
  touched: { key: string; at: number }[],
  opts: { drop?: boolean } = {},
): void {
  const seen = new Set<string>();
  const dropped: string[] = [];
  for (const { key, at } of touched) {
    const hour = Math.floor(at / HOUR_MS);
    const id = `${hour} ${key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    m.hincrby(eventHourKeys.versions(ws, key), String(hour), 1);
    // Whichever span holds the hour: its own, or its day's.
    if (opts.drop)
      dropped.push(
        eventHourKeys.snapshot(ws, key, { first: hour, hours: 1 }),
        eventHourKeys.snapshot(ws, key, { first: Math.floor(hour / 24) * 24, hours: 24 }),
      );
  }
  if (dropped.length) m.del([...new Set(dropped)]);
}

/** Snapshotted hours: `first` and the `hours` after it (1, or 24 for a whole UTC day). */
export interface Span {
  first: number;
  hours: number;
}

/**
 * The spans covering hours `lo..hi`: a UTC day that ended over an hour before `now` as one span —
 * its hours rarely change again (a late batch, retention), and a day is one read instead of 24 —
 * and every other hour on its own, so a write to the current hour costs rebuilding only that hour.
 */
export function spansOf(lo: number, hi: number, now: number): Span[] {
  const out: Span[] = [];
  const closedBefore = Math.floor((now - HOUR_MS) / HOUR_MS); // hours before this one are an hour old
  for (let h = lo; h <= hi; ) {
    const day = Math.floor(h / 24) * 24;
    if (day + 24 <= closedBefore) {
      out.push({ first: day, hours: 24 });
      h = day + 24;
    } else out.push({ first: h++, hours: 1 });
  }
  return out;
}

const hoursIn = (span: Span) => Array.from({ length: span.hours }, (_, i) => span.first + i);

/**
 * The events of the given indexes in the hours covering [from, to] (the caller filters by time),
 * from their snapshots, building the ones that are missing or stale. Only hours between each
 * index's first and last event are read. Null when that is more than MAX_SNAPSHOT_READS snapshots.
 */
export async function eventHoursOf(
  ws: string,
  indexKeys: string[],
  from: number,
  to: number,
  now = Date.now(),
): Promise<EventHour[] | null> {
  const store = await kv();
  if (indexKeys.length === 0 || to < from) return [];
  const bounds = store.pipeline();
  for (const k of indexKeys) {
    bounds.zrangeWithScores(k, { by: "rank", start: 0, stop: 0 });
    bounds.zrangeWithScores(k, { by: "rank", start: -1, stop: -1 });
  }
  const ends = await bounds.exec<{ score: number }[][]>();
  const wanted: { key: string; spans: Span[] }[] = [];
  let total = 0;
  indexKeys.forEach((key, i) => {
    const first = ends[i * 2]![0]?.score;
    const last = ends[i * 2 + 1]![0]?.score;
    if (first === undefined || last === undefined) return;
    const lo = Math.max(from, first);
    const hi = Math.min(to, last);
    if (lo > hi) return;
    const spans = spansOf(Math.floor(lo / HOUR_MS), Math.floor(hi / HOUR_MS), now);
    total += spans.length;
    wanted.push({ key, spans });
  });
  if (total > MAX_SNAPSHOT_READS) return null;
  if (total === 0) return [];
  const read = store.pipeline();
  for (const { key, spans } of wanted) {
    read.hmget(eventHourKeys.versions(ws, key), spans.flatMap(hoursIn).map(String));
    for (const span of spans) read.get(eventHourKeys.snapshot(ws, key, span));
  }
  const replies = await read.exec();
  const out: EventHour[] = [];
  const stale: { key: string; span: Span }[] = [];
  let r = 0;
  for (const { key, spans } of wanted) {
    const versions = replies[r++] as (string | null)[];
    let v = 0;
    for (const span of spans) {
      const version = versionOf(versions.slice(v, v + span.hours));
      v += span.hours;
      const raw = replies[r++] as string | null;
      const hit = raw ? decodeHour(raw, version) : null;
      if (hit) out.push(hit);
      else stale.push({ key, span });
    }
  }
  // Rebuilt about ten days' worth per transaction, so no one reply holds a month of events.
  for (let i = 0; i < stale.length; ) {
    const part: typeof stale = [];
    for (let hours = 0; i < stale.length && hours < 240; i++) {
      part.push(stale[i]!);
      hours += stale[i]!.span.hours;
    }
    out.push(...(await buildHours(ws, part)));
  }
  return out;
}

/** A span's version: its hours' versions (0 for an hour never bumped). */
const versionOf = (versions: (string | null)[]) => versions.map((v) => v ?? "0").join(",");

/** A stored snapshot when it is of this format and version; null to rebuild it. */
function decodeHour(raw: string, version: string): EventHour | null {
  // The version leads the string, so a stale snapshot is told without parsing it.
  const head = `{"f":${FORMAT},"v":${JSON.stringify(version)},`;
  if (!raw.startsWith(head)) return null;
  const [hour = null] = skipCorrupt(() => checkedHour(raw), "funnels");
  return hour;
}

/** Every item a string: a loop, where a schema per item would cost more than the snapshot saves. */
const strings = z.custom<string[]>((x) => Array.isArray(x) && x.every((s) => typeof s === "string"));
const numbers = z.custom<number[]>((x) => Array.isArray(x) && x.every((n) => typeof n === "number"));

/** A snapshot as stored; a row pointing outside its lists makes it corrupt (logged and rebuilt). */
const storedHour = z
  .object({
    f: z.number(),
    v: z.string(),
    shapes: z.array(z.tuple([z.string(), z.string().nullable(), eventProps])),
    persons: strings,
    sessions: strings,
    ids: strings,
    rows: numbers,
  })
  .refine(rowsInBounds, "a row points outside its lists");

function rowsInBounds(h: Omit<EventHour, "rows"> & { rows: number[] }): boolean {
  const { rows } = h;
  if (rows.length !== h.ids.length * 4) return false;
  const inside = (n: number, length: number) => Number.isInteger(n) && n >= 0 && n < length;
  for (let i = 0; i < rows.length; i += 4) {
    if (!inside(rows[i + 1]!, h.shapes.length)) return false;
    if (!inside(rows[i + 2]!, h.persons.length) || !inside(rows[i + 3]!, h.sessions.length)) return false;
  }
  return true;
}

function checkedHour(raw: string): EventHour {
  const { shapes, persons, sessions, ids, rows } = parseJsonRecord(storedHour, "event hour", raw);
  return { shapes, persons, sessions, ids, rows };
}

/**
 * Reads each (index, hour)'s members with its version in one MULTI, so the snapshot is exactly the
 * index at that version, and stores it. A write in between bumps the version: the next read
 * rebuilds it again.
 */
async function buildHours(ws: string, wanted: { key: string; span: Span }[]): Promise<EventHour[]> {
  const store = await kv();
  const m = store.multi();
  for (const { key, span } of wanted) {
    m.hmget(eventHourKeys.versions(ws, key), hoursIn(span).map(String));
    m.zrangeWithScores(key, {
      by: "score",
      min: span.first * HOUR_MS,
      max: { exclusive: (span.first + span.hours) * HOUR_MS },
    });
  }
  const replies = await m.exec();
  const save = store.pipeline();
  const out = wanted.map(({ key, span }, i) => {
    const version = versionOf(replies[i * 2] as (string | null)[]);
    const members = replies[i * 2 + 1] as { member: string; score: number }[];
    const built = encodeHour(members);
    const stored = `{"f":${FORMAT},"v":${JSON.stringify(version)},${JSON.stringify(built).slice(1)}`;
    save.set(eventHourKeys.snapshot(ws, key, span), stored, { px: SNAPSHOT_TTL_MS });
    return built;
  });
  await save.exec();
  return out;
}

function encodeHour(members: { member: string; score: number }[]): EventHour {
  const hour: EventHour = { shapes: [], persons: [], sessions: [], ids: [], rows: [] };
  const shapes = new Map<string, number>();
  const persons = new Map<string, number>();
  const sessions = new Map<string, number>();
  const indexIn = (map: Map<string, number>, list: string[], value: string) => {
    let i = map.get(value);
    if (i === undefined) {
      i = list.length;
      list.push(value);
      map.set(value, i);
    }
    return i;
  };
  for (const { member: raw, score } of members) {
    for (const [id, sessionId, name, url, props, distinctId] of skipCorrupt(
      () => parseJsonRecord(storedEventMember, "event", raw),
      "events",
    )) {
      const shape: EventShape = [name, url, props ?? {}];
      const key = JSON.stringify(shape);
      let s = shapes.get(key);
      if (s === undefined) {
        s = hour.shapes.length;
        hour.shapes.push(shape);
        shapes.set(key, s);
      }
      hour.ids.push(id);
      hour.rows.push(
        score,
        s,
        indexIn(persons, hour.persons, distinctId ?? ""),
        indexIn(sessions, hour.sessions, sessionId),
      );
    }
  }
  return hour;
}

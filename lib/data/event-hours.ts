import { z } from "zod";
import { SizedLru } from "@/lib/cache";
import { Corrupt } from "@/lib/errors/domain";
import { indexIn } from "@/lib/intern";
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
const FORMAT = 3;

/** Hours of the range and indexes one read may snapshot at most; beyond, callers read the index itself. */
export const MAX_SNAPSHOT_READS = 40_000;

export type EventShape = [name: string, url: string | null, props: Record<string, string | number | boolean>];

/** One index's events of one span, as columns. */
export interface EventHour {
  shapes: EventShape[];
  /** Distinct ids as ingest recorded them ("" when the event named none). */
  persons: string[];
  sessions: string[];
  /** Events, in index order. */
  length: number;
  /** Per event: time, and indexes into shapes, persons and sessions. */
  at: Float64Array;
  shape: Int32Array;
  person: Int32Array;
  session: Int32Array;
  /**
   * The event ids end to end, event i's ending at idEnds[i] (eventIdOf): one string instead of a
   * million, since an id is only read to order a person's two events of one millisecond and for
   * the reported paths.
   */
  idText: string;
  idEnds: Int32Array;
}

/** Event i's id. */
export const eventIdOf = (h: EventHour, i: number): string =>
  h.idText.slice(i === 0 ? 0 : h.idEnds[i - 1], h.idEnds[i]);

/** An EventHour from plain lists (per event: its id, and time, shape, person and session in `rows`). */
export function eventHourOf(plain: {
  shapes: EventShape[];
  persons: string[];
  sessions: string[];
  ids: string[];
  rows: number[];
}): EventHour {
  const n = plain.ids.length;
  const h: EventHour = {
    shapes: plain.shapes,
    persons: plain.persons,
    sessions: plain.sessions,
    length: n,
    at: new Float64Array(n),
    shape: new Int32Array(n),
    person: new Int32Array(n),
    session: new Int32Array(n),
    idText: plain.ids.join(""),
    idEnds: new Int32Array(n),
  };
  let end = 0;
  for (let i = 0; i < n; i++) {
    h.at[i] = plain.rows[i * 4]!;
    h.shape[i] = plain.rows[i * 4 + 1]!;
    h.person[i] = plain.rows[i * 4 + 2]!;
    h.session[i] = plain.rows[i * 4 + 3]!;
    end += plain.ids[i]!.length;
    h.idEnds[i] = end;
  }
  return h;
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

/**
 * Drops the versions of every hour before each index's first event (all of an emptied index's),
 * with the snapshots holding those hours, in one MULTI per call: what retention leaves behind,
 * since no read looks outside an index's first and last event. Returns the hours dropped.
 *
 * A dropped hour's counter restarts, so the prune also moves the index's PRUNED mark on: versions
 * of hours below it carry the prune's generation and never equal one a snapshot (stored, or decoded
 * in some process) was built at before. The stored snapshots of the dropped hours go too.
 */
export async function pruneEventHourVersions(ws: string, indexKeys: string[]): Promise<number> {
  if (indexKeys.length === 0) return 0;
  const store = await kv();
  const read = store.pipeline();
  for (const k of indexKeys) {
    read.zrangeWithScores(k, { by: "rank", start: 0, stop: 0 });
    read.hgetall(eventHourKeys.versions(ws, k));
  }
  const replies = await read.exec();
  const m = store.multi();
  let dropped = 0;
  indexKeys.forEach((key, i) => {
    const first = (replies[i * 2] as { score: number }[])[0]?.score;
    const { [PRUNED]: mark, ...hours } = replies[i * 2 + 1] as Record<string, string>;
    const [markHour = 0, generation = 0] = mark ? mark.split(":").map(Number) : [];
    // Every field below the first event's hour (all of them once the index is empty).
    const below =
      first === undefined
        ? Object.keys(hours).reduce((max, h) => Math.max(max, Number(h) + 1), markHour)
        : Math.floor(first / HOUR_MS);
    const old = Object.keys(hours).filter((h) => Number(h) < below);
    if (old.length === 0) return;
    dropped += old.length;
    m.hdel(eventHourKeys.versions(ws, key), old);
    m.hset(eventHourKeys.versions(ws, key), { [PRUNED]: `${Math.max(markHour!, below)}:${generation! + 1}` });
    const snapshots = new Set<string>();
    for (const h of old.map(Number)) {
      snapshots.add(eventHourKeys.snapshot(ws, key, { first: h, hours: 1 }));
      snapshots.add(eventHourKeys.snapshot(ws, key, { first: Math.floor(h / 24) * 24, hours: 24 }));
    }
    m.del([...snapshots]);
  });
  if (dropped) await m.exec();
  return dropped;
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

/** A span of one index to read, with the version (its hours' versions) it must have. */
export interface SpanAt {
  key: string;
  span: Span;
  version: string;
}

/**
 * The spans covering [from, to] of each index, with their versions: two round trips (each index's
 * first and last event, then the versions of the hours between). Only hours between an index's
 * first and last event are read. Null when that is more than MAX_SNAPSHOT_READS snapshots.
 */
export async function eventSpansOf(
  ws: string,
  indexKeys: string[],
  from: number,
  to: number,
  now = Date.now(),
): Promise<SpanAt[] | null> {
  const store = await kv();
  if (indexKeys.length === 0 || to < from) return [];
  const bounds = store.pipeline();
  for (const k of indexKeys) {
    bounds.zrangeWithScores(k, { by: "rank", start: 0, stop: 0 });
    // The last as the first in reverse: a negative rank would count the whole set on embedded.
    bounds.zrangeWithScores(k, { by: "rank", start: 0, stop: 0, rev: true });
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
  for (const { key, spans } of wanted)
    read.hmget(eventHourKeys.versions(ws, key), [PRUNED, ...spans.flatMap(hoursIn).map(String)]);
  const replies = await read.exec<(string | null)[][]>();
  return wanted.flatMap(({ key, spans }, i) => {
    const [mark = null, ...versions] = replies[i]!;
    let v = 0;
    return spans.map((span) => {
      const version = versionOf(span, mark, versions.slice(v, v + span.hours));
      v += span.hours;
      return { key, span, version };
    });
  });
}

/**
 * Decoded snapshots kept in this process, one version per (workspace, index, span): a warm read is
 * the version read alone. Bounded by their size in bytes (about 30 per event plus its id).
 */
const decoded = new SizedLru<{ version: string; hour: EventHour }>(256 * 1024 * 1024);
const decodedKey = (ws: string, { key, span }: SpanAt) => `${ws}\n${key}\n${span.first}:${span.hours}`;
const bytesOf = (h: EventHour) =>
  h.length * 24 + h.idText.length * 2 + (h.persons.length + h.sessions.length) * 64 + h.shapes.length * 256;

/** Forgets the decoded snapshots kept in this process (tests and benchmarks: a cold read). */
export function clearDecodedEventHours(): void {
  decoded.clear();
}

/**
 * The events of these spans at these versions, in the spans' order: from this process's decoded
 * snapshots, else from the stored snapshots, building the ones missing or stale. The caller filters
 * by time.
 */
export async function eventHoursOfSpans(ws: string, spans: SpanAt[]): Promise<EventHour[]> {
  const out: EventHour[] = new Array(spans.length);
  const place = new Map<SpanAt, number>();
  const unread: SpanAt[] = [];
  // A day decoded at another version: patched rather than rebuilt when few of its hours changed.
  const previous = new Map<SpanAt, { version: string; hour: EventHour }>();
  spans.forEach((s, i) => {
    const hit = decoded.get(decodedKey(ws, s));
    if (hit?.version === s.version) out[i] = hit.hour;
    else {
      unread.push(s);
      place.set(s, i);
      if (hit && s.span.hours > 1) previous.set(s, hit);
    }
  });
  if (unread.length === 0) return out;
  const store = await kv();
  const read = store.pipeline();
  for (const { key, span } of unread) read.get(eventHourKeys.snapshot(ws, key, span));
  const raws = await read.exec<(string | null)[]>();
  const stale: SpanAt[] = [];
  const patchable: { at: SpanAt; old: { version: string; hour: EventHour } }[] = [];
  unread.forEach((s, i) => {
    const raw = raws[i];
    const hit = raw ? decodeHour(raw, s.version) : null;
    const old = previous.get(s);
    if (hit) keep(ws, s, hit, out, place.get(s)!);
    else if (old) patchable.push({ at: s, old });
    else stale.push(s);
  });
  if (patchable.length) {
    const patched = await patchHours(ws, patchable);
    patched.forEach((p, j) => {
      const at = patchable[j]!.at;
      if (p) keep(ws, p.at, p.hour, out, place.get(at)!);
      else stale.push(at);
    });
  }
  // Rebuilt about ten days' worth per transaction, so no one reply holds a month of events.
  for (let i = 0; i < stale.length; ) {
    const part: SpanAt[] = [];
    for (let hours = 0; i < stale.length && hours < 240; i++) {
      part.push(stale[i]!);
      hours += stale[i]!.span.hours;
    }
    const built = await buildHours(ws, part);
    // Built at the version read in its MULTI, which a write since may have passed: kept as built.
    for (const [j, b] of built.entries()) keep(ws, b.at, b.hour, out, place.get(part[j]!)!);
  }
  return out;
}

function keep(ws: string, at: SpanAt, hour: EventHour, out: EventHour[], i: number): void {
  decoded.set(decodedKey(ws, at), { version: at.version, hour }, bytesOf(hour));
  out[i] = hour;
}

/**
 * The events of the given indexes in the hours covering [from, to] (the caller filters by time):
 * eventSpansOf then eventHoursOfSpans. Null when that is more than MAX_SNAPSHOT_READS snapshots.
 */
export async function eventHoursOf(
  ws: string,
  indexKeys: string[],
  from: number,
  to: number,
  now = Date.now(),
): Promise<EventHour[] | null> {
  const spans = await eventSpansOf(ws, indexKeys, from, to, now);
  return spans && eventHoursOfSpans(ws, spans);
}

/**
 * The versions hash's field holding `<hour>:<generation>` once retention pruned it: every hour
 * before that hour had its field dropped by prune number <generation>, so its counter may restart —
 * its version is then told apart by the generation (`<generation>:<count>`), and a count of a
 * generation never repeats: its fields are only dropped by the next prune, which starts another.
 * The mark's hour only rises, so an hour's version never goes back to the unmarked form.
 */
const PRUNED = "pruned";

/** A span's version: its hours' versions (0 for an hour never bumped), marked as above. */
function versionOf(span: Span, mark: string | null, versions: (string | null)[]): string {
  const [below = 0, generation = "0"] = mark ? [Number(mark.split(":")[0]), mark.split(":")[1]] : [];
  return versions
    .map((v, i) => (span.first + i < below ? `${generation}:${v ?? "0"}` : (v ?? "0")))
    .join(",");
}

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

/**
 * A snapshot as stored: the lists of distinct strings as JSON, the ids end to end, and the columns
 * as base64 of their typed arrays (little-endian, as every platform Node runs on), so decoding a
 * million events is a few buffer copies rather than parsing four million numbers.
 */
const storedHour = z.object({
  f: z.number(),
  v: z.string(),
  shapes: z.array(z.tuple([z.string(), z.string().nullable(), eventProps])),
  persons: strings,
  sessions: strings,
  ids: z.string(),
  idEnds: z.string(),
  at: z.string(),
  cols: z.string(),
});

function fromBase64<A extends Int32Array | Float64Array>(
  b64: string,
  Typed: { new (n: number): A; BYTES_PER_ELEMENT: number },
  n: number,
): A | null {
  if (!Number.isInteger(n)) return null;
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length !== n * Typed.BYTES_PER_ELEMENT) return null;
  const out = new Typed(n);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

const toBase64 = (a: Int32Array | Float64Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

function checkedHour(raw: string): EventHour {
  const { shapes, persons, sessions, ids, idEnds, at, cols } = parseJsonRecord(storedHour, "event hour", raw);
  const n = Buffer.byteLength(idEnds, "base64") / 4;
  const ends = fromBase64(idEnds, Int32Array, n);
  const times = fromBase64(at, Float64Array, n);
  const columns = fromBase64(cols, Int32Array, n * 3);
  const hour: EventHour | null =
    ends && times && columns
      ? {
          shapes,
          persons,
          sessions,
          length: n,
          at: times,
          shape: columns.subarray(0, n),
          person: columns.subarray(n, 2 * n),
          session: columns.subarray(2 * n),
          idText: ids,
          idEnds: ends,
        }
      : null;
  // A row pointing outside its lists makes the snapshot corrupt: logged and rebuilt.
  if (!hour || !inBounds(hour))
    throw new Corrupt("The stored event hour is unreadable (a column does not fit its lists).");
  return hour;
}

function inBounds(h: EventHour): boolean {
  const inside = (i: number, length: number) => i >= 0 && i < length;
  let end = 0;
  for (let i = 0; i < h.length; i++) {
    if (!Number.isFinite(h.at[i]!) || h.idEnds[i]! < end) return false;
    end = h.idEnds[i]!;
    if (!inside(h.shape[i]!, h.shapes.length)) return false;
    if (!inside(h.person[i]!, h.persons.length) || !inside(h.session[i]!, h.sessions.length)) return false;
  }
  return end === h.idText.length;
}

function encodedHour(version: string, h: EventHour): string {
  const cols = new Int32Array(h.length * 3);
  cols.set(h.shape, 0);
  cols.set(h.person, h.length);
  cols.set(h.session, 2 * h.length);
  const lists = JSON.stringify({ shapes: h.shapes, persons: h.persons, sessions: h.sessions }).slice(1, -1);
  return `{"f":${FORMAT},"v":${JSON.stringify(version)},${lists},"ids":${JSON.stringify(h.idText)},"idEnds":"${toBase64(h.idEnds)}","at":"${toBase64(h.at)}","cols":"${toBase64(cols)}"}`;
}

/**
 * Reads each (index, span)'s members with its version in one MULTI, so the snapshot is exactly the
 * index at that version, and stores it. A write in between bumps the version: the next read
 * rebuilds it again. Each is returned with the version it was built at.
 */
async function buildHours(ws: string, wanted: SpanAt[]): Promise<{ at: SpanAt; hour: EventHour }[]> {
  const store = await kv();
  const m = store.multi();
  for (const { key, span } of wanted) {
    m.hmget(eventHourKeys.versions(ws, key), [PRUNED, ...hoursIn(span).map(String)]);
    m.zrangeWithScores(key, {
      by: "score",
      min: span.first * HOUR_MS,
      max: { exclusive: (span.first + span.hours) * HOUR_MS },
    });
  }
  const replies = await m.exec();
  const save = store.pipeline();
  const out = wanted.map(({ key, span }, i) => {
    const [mark = null, ...versions] = replies[i * 2] as (string | null)[];
    const version = versionOf(span, mark, versions);
    const members = replies[i * 2 + 1] as { member: string; score: number }[];
    const hour = encodeHour(members);
    save.set(eventHourKeys.snapshot(ws, key, span), encodedHour(version, hour), { px: SNAPSHOT_TTL_MS });
    return { at: { key, span, version }, hour };
  });
  await save.exec();
  return out;
}

/**
 * Days decoded at an older version, brought to the current one by reading only the hours whose
 * version changed: each day's hour versions and those hours' members in one MULTI, the unchanged
 * hours' events taken from the old decoding — exact, since an hour's version moves with every
 * write or delete of its events. Null for a day whose unchanged hours turned out to have moved in
 * between (or too many changed): it is rebuilt whole. Each is stored as a rebuild would be.
 */
async function patchHours(
  ws: string,
  wanted: { at: SpanAt; old: { version: string; hour: EventHour } }[],
): Promise<({ at: SpanAt; hour: EventHour } | null)[]> {
  const changedOf = wanted.map(({ at, old }) => {
    const was = old.version.split(",");
    const now = at.version.split(",");
    const changed = hoursIn(at.span).filter((_, i) => was[i] !== now[i]);
    // Over a quarter of the day changed: the rebuild reads no more than the patch would.
    return was.length === at.span.hours && changed.length * 4 <= at.span.hours ? changed : null;
  });
  const store = await kv();
  const m = store.multi();
  wanted.forEach(({ at }, i) => {
    const changed = changedOf[i];
    if (!changed) return;
    m.hmget(eventHourKeys.versions(ws, at.key), [PRUNED, ...hoursIn(at.span).map(String)]);
    for (const h of changed)
      m.zrangeWithScores(at.key, { by: "score", min: h * HOUR_MS, max: { exclusive: (h + 1) * HOUR_MS } });
  });
  const replies = await m.exec();
  const save = store.pipeline();
  let r = 0;
  const out = wanted.map(({ at, old }, i) => {
    const changed = changedOf[i];
    if (!changed) return null;
    const [mark = null, ...versions] = replies[r++] as (string | null)[];
    const members = changed.flatMap(() => replies[r++] as { member: string; score: number }[]);
    const version = versionOf(at.span, mark, versions);
    const was = old.version.split(",");
    const now = version.split(",");
    const moved = new Set(changed);
    if (hoursIn(at.span).some((h, k) => !moved.has(h) && was[k] !== now[k])) return null;
    const hour = splicedHour(old.hour, moved, members);
    save.set(eventHourKeys.snapshot(ws, at.key, at.span), encodedHour(version, hour), {
      px: SNAPSHOT_TTL_MS,
    });
    return { at: { ...at, version }, hour };
  });
  await save.exec();
  return out;
}

/** The old span's events outside the `moved` hours and the members of those hours, as one EventHour. */
function splicedHour(
  old: EventHour,
  moved: Set<number>,
  members: { member: string; score: number }[],
): EventHour {
  const fresh = encodeHour(members);
  const plain = { shapes: [] as EventShape[], persons: [] as string[], sessions: [] as string[] };
  const ids: string[] = [];
  const rows: number[] = [];
  const shapes = new Map<string, number>();
  const persons = new Map<string, number>();
  const sessions = new Map<string, number>();
  // Each source's list positions mapped to the new lists once (-1: not yet), not per event.
  const mapped = new Map<EventHour, Int32Array[]>();
  const add = (h: EventHour, i: number) => {
    let maps = mapped.get(h);
    if (!maps) {
      maps = [h.shapes, h.persons, h.sessions].map((l) => new Int32Array(l.length).fill(-1));
      mapped.set(h, maps);
    }
    const [shapeMap, personMap, sessionMap] = maps as [Int32Array, Int32Array, Int32Array];
    const s = h.shape[i]!;
    if (shapeMap[s] === -1)
      shapeMap[s] = indexIn(shapes, plain.shapes, JSON.stringify(h.shapes[s]), h.shapes[s]!);
    const p = h.person[i]!;
    if (personMap[p] === -1) personMap[p] = indexIn(persons, plain.persons, h.persons[p]!);
    const c = h.session[i]!;
    if (sessionMap[c] === -1) sessionMap[c] = indexIn(sessions, plain.sessions, h.sessions[c]!);
    ids.push(eventIdOf(h, i));
    rows.push(h.at[i]!, shapeMap[s]!, personMap[p]!, sessionMap[c]!);
  };
  // In index order, as a rebuild lists them: the moved hours' members where their hours fall.
  let j = 0;
  for (let i = 0; i < old.length; i++) {
    const hour = Math.floor(old.at[i]! / HOUR_MS);
    if (moved.has(hour)) continue;
    for (; j < fresh.length && Math.floor(fresh.at[j]! / HOUR_MS) < hour; j++) add(fresh, j);
    add(old, i);
  }
  for (; j < fresh.length; j++) add(fresh, j);
  return eventHourOf({ ...plain, ids, rows });
}

function encodeHour(members: { member: string; score: number }[]): EventHour {
  const plain = { shapes: [] as EventShape[], persons: [] as string[], sessions: [] as string[] };
  const ids: string[] = [];
  const rows: number[] = [];
  const shapes = new Map<string, number>();
  const persons = new Map<string, number>();
  const sessions = new Map<string, number>();
  for (const { member: raw, score } of members) {
    for (const [id, sessionId, name, url, props, distinctId] of skipCorrupt(
      () => parseJsonRecord(storedEventMember, "event", raw),
      "events",
    )) {
      const shape: EventShape = [name, url, props ?? {}];
      ids.push(id);
      rows.push(
        score,
        indexIn(shapes, plain.shapes, JSON.stringify(shape), shape),
        indexIn(persons, plain.persons, distinctId ?? ""),
        indexIn(sessions, plain.sessions, sessionId),
      );
    }
  }
  return eventHourOf({ ...plain, ids, rows });
}

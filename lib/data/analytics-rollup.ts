import { BOUNCE_MS } from "@/lib/bounce";
import { recentCache } from "@/lib/cache";
import { kv } from "@/lib/storage/kv";
import type { KvBatch } from "@/lib/storage/kv/client";
import {
  decodeSpan,
  emptyCell,
  encodeSpan,
  forgetKeptSpans,
  keepSpan,
  keptSpan,
  type RollupCell,
  type Span,
  spanOfHash,
  VERSION_FIELD,
} from "./analytics-rollup-span";

export { emptyCell, type RollupCell };

import { parseCount, parseOrCorrupt, skipCorrupt } from "./record";
import { indexValue, sessionKeys } from "./session-keys";
import { sessionFieldsSchema } from "./session-record";

/**
 * The Analytics page's figures kept per UTC hour at ingest (issue #22 item 7), so a page without a
 * search costs the same at 1 M sessions as at 1,000.
 *
 * Each session contributes counters to one "cell" per way the page breaks figures down (`all`,
 * `device=…`, `browser=…`, `country=…`, and `has=errors` when it had one) in the hour it started:
 * sessions, summed duration and pages, bounces, sessions with errors, and histograms of its page
 * loads' LCP and of its time to first interaction. A session's contribution changes as its batches
 * arrive (it grows longer, gains pages, an earlier batch moves its start), so it is not added per
 * batch: after each batch the contribution is worked out again from the session's stored state, and
 * only its difference to the one applied before (kept in `s:<sid>:ru`) is added. The result depends
 * on the state alone, so batch order, retries and replays cannot skew it; deleting a session works
 * its contribution out as nothing and takes back what it had added.
 *
 * Both steps — read state and previous contribution, write the difference — happen under a short
 * per-session lease: two batches of one session finishing together would otherwise both subtract
 * the same previous contribution. The store's MULTI cannot read, and the KV seam has no scripts.
 *
 * Each contribution goes to its hour's hash (`ru:h:<hour>`) and its day's (`ru:d:<day>`, which also
 * holds the per-hour session counts of the chart): a range reads whole days, and hours only at its
 * ragged ends — at most 23 + 23 hour hashes and one hash a day, whatever the number of sessions.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Histogram buckets: exact below 20 ms, then 10 % wide — a value read back is within ±5 %. Finer
 * buckets cost read time: a day's hash holds one field per bucket used per cell, and at 4 % they
 * were most of the 100k fields a 30-day read parsed.
 */
const LINEAR_BELOW = 20;
const RATIO = 1.1;
export const HISTOGRAM_ERROR = (Math.sqrt(RATIO) - 1) * 1.0001;

export function histogramBucket(ms: number): number {
  if (ms < LINEAR_BELOW) return Math.max(0, Math.floor(ms));
  return LINEAR_BELOW + Math.floor(Math.log(ms / LINEAR_BELOW) / Math.log(RATIO));
}

/** The value a bucket stands for: its geometric middle (its own value below 20 ms). */
export function bucketValue(bucket: number): number {
  if (bucket < LINEAR_BELOW) return bucket;
  return Math.round(LINEAR_BELOW * RATIO ** (bucket - LINEAR_BELOW + 0.5));
}

/** The facets the page segments by; each session counts in one cell of each. */
export const ROLLUP_FACETS = ["device", "browser", "country"] as const;
export type RollupFacet = (typeof ROLLUP_FACETS)[number];
export const ALL_CELL = "all";
export const ERRORS_CELL = "has=errors";
export const facetCell = (facet: RollupFacet, value: string) => `${facet}=${value || "unknown"}`;
/** Whether a cell's facet value is the one a `device:`/`browser:`/`country:` term names, as the index matches it (case folded). */
export const sameFacetValue = (cellValue: string, searched: string) =>
  indexValue(cellValue) === indexValue(searched);

const STATE_FIELDS = [
  "distinctId",
  "pageCount",
  "errorCount",
  "lcpLoads",
  "interactionMs",
  ...ROLLUP_FACETS,
] as const;
const stateSchema = sessionFieldsSchema.pick(
  Object.fromEntries(STATE_FIELDS.map((f) => [f, true])) as { [F in (typeof STATE_FIELDS)[number]]: true },
);

const rollupKeys = {
  hour: (ws: string, hourStart: number) => `{w:${ws}}:ru:h:${hourStart}`,
  day: (ws: string, dayStart: number) => `{w:${ws}}:ru:d:${dayStart}`,
  /** What the session added (`at` → its hour, `<cell>|<stat>` → the amount). */
  applied: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:ru`,
  lease: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:ru-lease`,
  /** An hour's or day's hash as one string, for readers (analytics-rollup-span.ts). */
  compact: (hashKey: string) => `${hashKey}:c`,
  /** Sessions whose contribution could not be brought up to date (lease not had): folded by readers. */
  stale: (ws: string) => `{w:${ws}}:ru:stale`,
  /** Where the one-off pass over older sessions stopped: `<start time> <sessions of it done>`. */
  backfill: (ws: string) => `{w:${ws}}:ru:backfill`,
  /** Set once every session stored before the rollups existed has its contribution. */
  complete: (ws: string) => `{w:${ws}}:ru:complete`,
};

/** `<cell>|<stat>` → amount. Stats: n, dur, pg, bn, er, ln, l<bucket>, i<bucket>, c<hour of day>. */
type Contribution = Map<string, number>;

interface SessionState {
  start: number | null;
  end: number | null;
  values: (string | null)[];
}

function contributionOf(
  sid: string,
  { start, end, values }: SessionState,
): { at: number; c: Contribution } | null {
  if (start === null || !values[0]) return null;
  const hash = Object.fromEntries(STATE_FIELDS.flatMap((f, k) => (values[k] ? [[f, values[k]]] : [])));
  const [fields] = skipCorrupt(() => parseOrCorrupt(stateSchema, `session ${sid}`, hash), "analytics rollup");
  if (!fields) return null;
  const duration = (end ?? start) - start;
  const at = Math.floor(start / HOUR) * HOUR;
  const stats: [string, number][] = [
    ["n", 1],
    ["dur", duration],
    ["pg", fields.pageCount],
    ["bn", fields.pageCount <= 1 && duration < BOUNCE_MS ? 1 : 0],
    ["er", fields.errorCount > 0 ? 1 : 0],
    ["ln", fields.lcpLoads.length],
    [`c${String(new Date(at).getUTCHours()).padStart(2, "0")}`, 1],
  ];
  for (const v of fields.lcpLoads) stats.push([`l${histogramBucket(v)}`, 1]);
  if (fields.interactionMs !== undefined) stats.push([`i${histogramBucket(fields.interactionMs)}`, 1]);
  const cells = [ALL_CELL, ...ROLLUP_FACETS.map((f) => facetCell(f, fields[f]))];
  if (fields.errorCount > 0) cells.push(ERRORS_CELL);
  const c: Contribution = new Map();
  for (const cell of cells)
    for (const [stat, by] of stats) if (by) c.set(`${cell}|${stat}`, (c.get(`${cell}|${stat}`) ?? 0) + by);
  return { at, c };
}

const isChartStat = (field: string) => field.charCodeAt(field.lastIndexOf("|") + 1) === 99; // "c"

const LEASE_MS = 5000;
const LEASE_WAIT_MS = 5000;
/** Sessions brought up to date per round trip (bulk seeding, the backfill). */
const REFRESH_PAGE = 500;

/**
 * Brings the session's contribution to the rollups up to date with its stored state (after each
 * batch, and after its deletion).
 */
export function refreshRollup(ws: string, sid: string): Promise<void> {
  return refreshRollups(ws, [sid]);
}

/**
 * The same for many sessions, a few round trips per page of them: each page's leases and reads in
 * one, its writes in another. A session whose lease another writer holds past the wait is marked
 * stale: the next reader brings it up to date.
 */
export async function refreshRollups(ws: string, sids: string[]): Promise<void> {
  const store = await kv();
  const token = leaseToken();
  const deadline = Date.now() + LEASE_WAIT_MS;
  let pending = [...new Set(sids)];
  while (pending.length) {
    const page = pending.slice(0, REFRESH_PAGE);
    const p = store.pipeline();
    for (const sid of page) queueLeaseAndReads(p, ws, sid, token);
    const replies = await p.exec<unknown[]>();
    const got = page.map((_, i) => Boolean(replies[i * LEASED_READS]));
    const held = page.flatMap((sid, i) => (got[i] ? [{ sid, reads: leasedReads(replies, i) }] : []));
    if (held.length) await applyFresh(ws, held);
    pending = [...page.filter((_, i) => !got[i]), ...pending.slice(REFRESH_PAGE)];
    if (held.length === 0) {
      if (Date.now() > deadline) {
        await store.sadd(rollupKeys.stale(ws), pending);
        return;
      }
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
    }
  }
}

/**
 * A session's refresh whose first round trip — the lease and the reads — rides on a batch the
 * caller sends anyway (ingest's sort-index writes): queued after what the batch writes, so it
 * reads that. `finish` takes that batch's replies; without the lease it refreshes the usual way,
 * and like `refreshRollupQuietly` it never fails the caller.
 */
export function queueRollupRefresh(
  b: KvBatch,
  ws: string,
  sid: string,
): { finish(replies: unknown[]): Promise<void> } {
  const at = b.length;
  queueLeaseAndReads(b, ws, sid, leaseToken());
  return {
    async finish(replies) {
      const mine = replies.slice(at, at + LEASED_READS);
      try {
        if (mine[0]) await applyFresh(ws, [{ sid, reads: leasedReads(mine, 0) }]);
        else await refreshRollup(ws, sid);
      } catch (e) {
        await markStale(ws, sid, e);
      }
    },
  };
}

const leaseToken = () => `${process.pid}:${Math.random().toString(36).slice(2)}`;

type StateReads = [number | null, number | null, (string | null)[], Record<string, string>];

/** Commands a session's lease and reads queue: the lease (SET NX), then its four reads. */
const LEASED_READS = 5;

function queueLeaseAndReads(b: KvBatch, ws: string, sid: string, token: string): void {
  b.set(rollupKeys.lease(ws, sid), token, { nx: true, px: LEASE_MS })
    .zscore(sessionKeys.started(ws), sid)
    .zscore(sessionKeys.ended(ws), sid)
    .hmget(sessionKeys.session(ws, sid), [...STATE_FIELDS])
    .hgetall(rollupKeys.applied(ws, sid));
}

/** The `i`th session's reads among replies of `queueLeaseAndReads`. */
const leasedReads = (replies: unknown[], i: number) =>
  replies.slice(i * LEASED_READS + 1, (i + 1) * LEASED_READS) as StateReads;

/** For sessions whose leases this writer holds, with their reads: work out, write the differences, release. */
async function applyFresh(ws: string, sessions: { sid: string; reads: StateReads }[]): Promise<void> {
  const store = await kv();
  // Summed per rollup field first: sessions of one page mostly share their hours and cells.
  const sums = new Map<string, Map<string, number>>();
  const add = (at: number, c: Contribution, sign: 1 | -1) => {
    for (const [field, by] of c) {
      const keys = [rollupKeys.day(ws, Math.floor(at / DAY) * DAY)];
      if (!isChartStat(field)) keys.push(rollupKeys.hour(ws, at));
      for (const key of keys) {
        const fields = entryOf(sums, key, () => new Map<string, number>());
        fields.set(field, (fields.get(field) ?? 0) + sign * by);
      }
    }
  };
  const m = store.multi();
  for (const { sid, reads } of sessions) {
    const [start, end, values, applied] = reads;
    const next = contributionOf(sid, { start, end, values });
    const [prev = null] = skipCorrupt(() => appliedOf(sid, applied), "analytics rollup");
    if (prev) add(prev.at, prev.c, -1);
    if (next) add(next.at, next.c, 1);
    m.del(rollupKeys.applied(ws, sid));
    if (next) m.hset(rollupKeys.applied(ws, sid), { at: next.at, ...Object.fromEntries(next.c) });
  }
  const sids = sessions.map((x) => x.sid);
  for (const [key, fields] of sums) queueSums(m, key, fields);
  m.srem(rollupKeys.stale(ws), sids);
  m.del(sids.map((sid) => rollupKeys.lease(ws, sid)));
  await m.exec();
}

/** What a bulk writer knows of a whole session: the stored fields the rollups read. */
export interface RollupInput {
  id: string;
  startedAt: number;
  endedAt: number;
  fields: Partial<Record<(typeof STATE_FIELDS)[number], string | number>>;
}

/**
 * Contributions of new sessions that nothing else writes (lib/data/sessions-bulk), summed in memory
 * and queued as one HINCRBY per rollup field. `keepApplied: false` leaves out each session's
 * applied contribution — only for benchmarks measuring the rollup read at a size whose session
 * records would not fit (such sessions cannot be deleted from the rollups).
 */
export function queueBulkRollups(
  b: KvBatch,
  ws: string,
  sessions: RollupInput[],
  { keepApplied = true }: { keepApplied?: boolean } = {},
): void {
  const sums = new Map<string, Map<string, number>>();
  for (const s of sessions) {
    const values = STATE_FIELDS.map((f) => (s.fields[f] === undefined ? null : String(s.fields[f])));
    const next = contributionOf(s.id, { start: s.startedAt, end: s.endedAt, values });
    if (!next) continue;
    for (const [field, by] of next.c) {
      const keys = [rollupKeys.day(ws, Math.floor(next.at / DAY) * DAY)];
      if (!isChartStat(field)) keys.push(rollupKeys.hour(ws, next.at));
      for (const key of keys) {
        const fields = entryOf(sums, key, () => new Map<string, number>());
        fields.set(field, (fields.get(field) ?? 0) + by);
      }
    }
    if (keepApplied) b.hset(rollupKeys.applied(ws, s.id), { at: next.at, ...Object.fromEntries(next.c) });
  }
  for (const [key, fields] of sums) queueSums(b, key, fields);
}

/**
 * Adds the sums to a rollup hash and bumps its version — even when they cancel out, so a reader's
 * kept copy of the hash (and the page's detail, see session-analytics) notices any refresh.
 */
function queueSums(b: KvBatch, key: string, fields: Map<string, number>): void {
  for (const [field, by] of fields) if (by) b.hincrby(key, field, by);
  b.hincrby(key, VERSION_FIELD, 1);
}

function appliedOf(sid: string, raw: Record<string, string>): { at: number; c: Contribution } | null {
  if (raw.at === undefined) return null;
  const c: Contribution = new Map();
  for (const [k, v] of Object.entries(raw))
    if (k !== "at") c.set(k, parseCount(`rollup of session ${sid}`, v));
  return { at: parseCount(`rollup hour of session ${sid}`, raw.at), c };
}

/**
 * For write paths whose own work is done (the batch is stored): a failure here must not fail them.
 * The session is marked stale so the next reader brings it up to date.
 */
export async function refreshRollupQuietly(ws: string, sid: string): Promise<void> {
  try {
    await refreshRollup(ws, sid);
  } catch (e) {
    await markStale(ws, sid, e);
  }
}

async function markStale(ws: string, sid: string, e: unknown): Promise<void> {
  console.error("analytics rollup", sid, e);
  await (await kv()).sadd(rollupKeys.stale(ws), sid).catch(() => undefined);
}

export function addCell(into: RollupCell, c: RollupCell): void {
  into.n += c.n;
  into.dur += c.dur;
  into.pg += c.pg;
  into.bn += c.bn;
  into.er += c.er;
  into.ln += c.ln;
  for (const [b, k] of c.lcp) into.lcp.set(b, (into.lcp.get(b) ?? 0) + k);
  for (const [b, k] of c.interaction) into.interaction.set(b, (into.interaction.get(b) ?? 0) + k);
}

export interface RollupRead {
  /** Every cell's counters over the range. */
  cells: Map<string, RollupCell>;
  /** Sessions per cell in each hour of the range that had any, by the hour's start. */
  hours: Map<number, Map<string, number>>;
  /**
   * The versions of the hashes read: it changes whenever a session that started in the range is
   * written or deleted (each refresh bumps its hour's and day's versions), so what is worked out
   * from those sessions can be kept under it.
   */
  stamp: string;
}

/**
 * The rollups over [after, before), both on whole hours; null when they cannot answer it exactly
 * (a bound inside an hour, or a workspace whose older sessions are not rolled up yet).
 */
export async function readRollups(ws: string, after: number, before: number): Promise<RollupRead | null> {
  if (after % HOUR !== 0 || before % HOUR !== 0 || before <= after) return null;
  const store = await kv();
  const days: { key: string; at: number }[] = [];
  for (let day = Math.floor(after / DAY) * DAY; day < before; day += DAY)
    days.push({ key: rollupKeys.day(ws, day), at: day });
  // The gate and the days' versions in one round trip.
  const p = store.pipeline().exists(rollupKeys.complete(ws)).smembers(rollupKeys.stale(ws));
  queueVersions(p, days);
  let [complete, stale, ...versions] = await p.exec<[boolean, string[], ...(string | null)[]]>();
  if (!complete) return null;
  if (stale.length) {
    // Their refresh bumps the versions just read: read them again (once; a session whose lease
    // is still held stays stale for the next reader).
    await refreshRollups(ws, stale.slice(0, 1000));
    const again = store.pipeline();
    queueVersions(again, days);
    versions = await again.exec<(string | null)[]>();
  }
  const daySpans = await spansOf(days, versions as (string | null)[], true);
  const spans: { at: number; span: Span }[] = [];
  const hours: { key: string; at: number }[] = [];
  days.forEach(({ at: day }, i) => {
    const from = Math.max(day, after);
    const to = Math.min(day + DAY, before);
    // A day the range covers only in part is used whole when no session started in its hours
    // outside the range (its chart says so): the range's last day, up to now, usually is.
    const outside =
      (from > day || to < day + DAY) &&
      [...daySpans[i]!.chart].some(
        ([at, cells]) => (at < from || at >= to) && [...cells.values()].some(Boolean),
      );
    if (!outside) spans.push({ at: day, span: daySpans[i]! });
    else for (let h = from; h < to; h += HOUR) hours.push({ key: rollupKeys.hour(ws, h), at: h });
  });
  if (hours.length) {
    const hp = store.pipeline();
    queueVersions(hp, hours);
    const hourSpans = await spansOf(hours, await hp.exec<(string | null)[]>(), false);
    for (const [i, { at }] of hours.entries()) spans.push({ at, span: hourSpans[i]! });
  }
  return foldSpans(`${ws}|${after}|${before}`, spans);
}

/** Each span's version and compact string, in that order, two replies a span. */
function queueVersions(p: KvBatch, spans: { key: string }[]): void {
  for (const { key } of spans) p.hget(key, VERSION_FIELD).get(rollupKeys.compact(key));
}

/**
 * The spans of these hashes from their versions and compact strings (`replies`, two a span):
 * kept in this process, else decoded from the string, else read from the hash (one pipeline for
 * all of them) and its string written for the next reader.
 */
async function spansOf(
  keys: { key: string; at: number }[],
  replies: (string | null)[],
  day: boolean,
): Promise<Span[]> {
  const out: (Span | null)[] = keys.map(({ key, at }, i) => {
    const v = replies[2 * i] ?? "0";
    const had = keptSpan(key, v);
    if (had) return had;
    const decoded = decodeSpan(replies[2 * i + 1] ?? null, v, at);
    if (decoded) keepSpan(key, decoded);
    return decoded;
  });
  const missing = keys.flatMap((k, i) => (out[i] ? [] : [{ ...k, i }]));
  if (missing.length === 0) return out as Span[];
  const store = await kv();
  const p = store.pipeline();
  for (const { key } of missing) p.hgetall(key);
  const hashes = await p.exec<Record<string, string>[]>();
  const w = store.pipeline();
  missing.forEach(({ key, at, i }, k) => {
    const span = spanOfHash(hashes[k] ?? {}, at, day);
    out[i] = span;
    keepSpan(key, span);
    if (span.cells.size || span.chart.size)
      w.set(rollupKeys.compact(key), encodeSpan(span, at), { px: COMPACT_TTL_MS });
  });
  if (w.length) await w.exec();
  return out as Span[];
}

/** Compact strings of days nobody reads again leave by themselves; a reader rewrites them from the hash. */
const COMPACT_TTL_MS = 40 * DAY;

/**
 * The ranges folded last, by workspace and range, with the versions of the spans they summed: a
 * page opened again with nothing written since costs the version round trip alone.
 */
const FOLDS_KEPT = 64;
const folds = recentCache<{ stamp: string; read: RollupRead }>(FOLDS_KEPT);

/** Forgets what this process kept of the rollups, as a process just started would have nothing. */
export function forgetRollupReads(): void {
  forgetKeptSpans();
  folds.clear();
}

function foldSpans(range: string, parts: { at: number; span: Span }[]): RollupRead {
  const stamp = parts.map(({ at, span }) => `${at}:${span.v}`).join(",");
  const spans = parts.map((p) => p.span);
  const had = folds.get(range);
  if (had && had.stamp === stamp) return had.read;
  const cells = new Map<string, RollupCell>();
  const hours = new Map<number, Map<string, number>>();
  for (const span of spans) {
    for (const [name, c] of span.cells) addCell(entryOf(cells, name, emptyCell), c);
    for (const [at, counts] of span.chart) {
      const h = entryOf(hours, at, () => new Map<string, number>());
      for (const [cell, n] of counts) if (n) h.set(cell, (h.get(cell) ?? 0) + n);
    }
  }
  const read = { cells, hours, stamp };
  folds.set(range, { stamp, read });
  return read;
}

/**
 * Gives every session stored before the rollups existed its contribution, once per workspace
 * (the retention job calls it). Sessions that already have one are left alone, so it is safe to run
 * while ingest writes. Works in pages of sessions by start time until `until` (a time), keeping
 * where it stopped in `ru:backfill`, so a large older workspace is brought up over several calls;
 * true once complete.
 */
export async function ensureRollups(
  ws: string,
  { until = Number.POSITIVE_INFINITY, page = 1000 }: { until?: number; page?: number } = {},
): Promise<boolean> {
  const store = await kv();
  const [complete, cursor] = await store
    .pipeline()
    .exists(rollupKeys.complete(ws))
    .get(rollupKeys.backfill(ws))
    .exec<[boolean, string | null]>();
  if (complete) return true;
  // Resumes after the sessions of start time `min` already seen (`skip` of them): a start-time
  // cursor, not a rank, since retention deletes the oldest between calls.
  const [from, seen] = (cursor ?? "").split(" ").map(Number);
  let min = Number.isFinite(from) && cursor ? from! : Number.NEGATIVE_INFINITY;
  let skip = Number.isSafeInteger(seen) && cursor ? seen! : 0;
  for (;;) {
    if (Date.now() >= until) {
      if (Number.isFinite(min)) await store.set(rollupKeys.backfill(ws), `${min} ${skip}`);
      return false;
    }
    const members = await store.zrangeWithScores(sessionKeys.started(ws), {
      by: "score",
      min,
      max: Number.POSITIVE_INFINITY,
      offset: skip,
      count: page,
    });
    if (members.length === 0) break;
    const p = store.pipeline();
    for (const { member } of members) p.exists(rollupKeys.applied(ws, member));
    const has = await p.exec<boolean[]>();
    await refreshRollups(
      ws,
      members.filter((_, i) => !has[i]).map((m) => m.member),
    );
    const last = members.at(-1)!.score;
    skip = last === min ? skip + members.length : members.filter((m) => m.score === last).length;
    min = last;
    if (members.length < page) break;
  }
  await store.pipeline().set(rollupKeys.complete(ws), "1").del(rollupKeys.backfill(ws)).exec();
  return true;
}

/** A new workspace has no session stored before the rollups: readers may use them at once. */
export function queueRollupsComplete(m: KvBatch, ws: string): void {
  m.set(rollupKeys.complete(ws), "1");
}

/** The map's value for the key, made and added when missing. */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const had = map.get(key);
  if (had !== undefined) return had;
  const made = make();
  map.set(key, made);
  return made;
}

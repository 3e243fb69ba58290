import { BOUNCE_MS } from "@/lib/bounce";
import { recentCache } from "@/lib/cache";
import { type AnalyticsSession, analyticsSessions, newestInIndex } from "@/lib/data/analytics";
import {
  ALL_CELL,
  addCell,
  bucketValue,
  ERRORS_CELL,
  emptyCell,
  entryOf,
  ROLLUP_FACETS,
  type RollupCell,
  type RollupRead,
  readRollups,
  sameFacetValue,
} from "@/lib/data/analytics-rollup";
import { eventsOfSessions, type StoredEvent } from "@/lib/data/events";
import { firstSeenOf, personProperties } from "@/lib/data/persons";
import { requestsOf } from "@/lib/data/sessions";
import { FORM_EVENT } from "@/lib/forms";
import { pushTo } from "@/lib/push-to";
import { exactIndex, querySessions } from "@/lib/search/engine";
import type { Filter } from "@/lib/search/filter";
import { pathOf, pathSequence } from "@/lib/url-path";
import { p75 } from "@/lib/vitals";
import { type FormRow, formFigures } from "./form-figures";
import { type FlowAnchor, flowOf, type PageFlow } from "./page-flow";
import { type RequestRow, requestFigures } from "./request-figures";

/**
 * Session analytics over a time range and the recordings filters (seeds 001, 003): sessions per
 * day, average duration, pages per session, bounce rate, return rate, page load time and error
 * rate, optionally per segment. Computed exactly from the matching sessions, up to a bound.
 */

export const SEGMENTS = ["none", "new_returning", "device", "browser", "country", "prop"] as const;
export type Segment = { kind: Exclude<(typeof SEGMENTS)[number], "prop"> } | { kind: "prop"; key: string };

/** Sessions read at most; beyond it the figures cover the newest ones and say so. */
export const ANALYTICS_CAP = 50_000;
/** Segments shown by name in the per-day chart; the rest are summed as "(other)". */
export const CHART_SEGMENTS = 6;

export interface SessionFigures {
  sessions: number;
  persons: number;
  avgDurationMs: number;
  pagesPerSession: number;
  /** One page and under 10 s. */
  bounceRate: number;
  /** Persons with more than one session in the result, among its persons. */
  returnRate: number;
  /** Sessions with at least one exception. */
  errorRate: number;
  /** Mean of the page views' load times the SDK sent (navigation timing); null without any. */
  avgLoadMs: number | null;
  loadSamples: number;
  /**
   * The load time the page shows: the 75th percentile of the page loads' Largest Contentful
   * Paint (Web Vitals' own measure and percentile); null when no page load measured it.
   */
  lcpP75Ms: number | null;
  lcpSamples: number;
  /** Time to first interaction (nearest-rank median and p75) over the sessions that had one. */
  interactionMedianMs: number | null;
  interactionP75Ms: number | null;
  interactionSessions: number;
}

/** The median, nearest-rank (a value some session really had), as p75 is. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.5) - 1]!;
}

export interface AnalyticsResult {
  overall: SessionFigures;
  /**
   * Buckets of the grain (UTC hours, days, or weeks from Monday) from the range's start to its end,
   * oldest first, with sessions per segment value; `day` is the bucket's start ("2026-11-20",
   * "2026-11-20 14:00" for hours).
   */
  days: { day: string; sessions: number; bySegment: Record<string, number> }[];
  grain: Grain;
  segments: { value: string; figures: SessionFigures }[] | null;
  /** Requests per method and path among these sessions (network capture on), most sessions first. */
  requests: RequestRow[];
  /** Form submissions per form among these sessions, most sessions first. */
  forms: FormRow[];
  /** Chart series: the biggest segment values, then "(other)". */
  series: string[];
  paths: PathFigures;
  /** The same visits as a flow over `depth` steps (lib/analytics/page-flow.ts). */
  flow: PageFlow;
  exact: boolean;
  /**
   * When not exact: the start of the oldest session in the sample (the chart begins on its day).
   * The sample holds every matching session that started at or after it, so `after:` that instant
   * finds exactly the sampled sessions.
   */
  sampledSince: number | null;
  /**
   * Set when the cards, chart and segments come from the hourly rollups (every session counted;
   * percentiles from histogram buckets, within ±2 %): the persons, return rate, load event, paths,
   * flow, requests and forms then come from the newest `detailSessions` sessions, all of them when
   * `detailExact`, else those that started at or after `detailSince` (as `sampledSince`).
   */
  rollup: { detailSessions: number; detailExact: boolean; detailSince: number | null } | null;
}

/** Sessions read for what the rollups do not keep (persons, paths, requests, forms) on their path. */
export const DETAIL_CAP = 1_000;

interface Row {
  session: AnalyticsSession;
  segment: string;
}

export async function sessionAnalytics(
  ws: string,
  filter: Filter & { after: number; before: number },
  segment: Segment,
  depth = 3,
  cap = ANALYTICS_CAP,
  flowAnchor: FlowAnchor | null = null,
  grain: Grain = "day",
  options: { rollups?: boolean } = {},
): Promise<AnalyticsResult> {
  if (options.rollups !== false) {
    const cells = rollupCells(filter, segment);
    if (cells) {
      const read = await readRollups(ws, filter.after, filter.before);
      const detailOf = () =>
        sessionAnalytics(ws, filter, segment, depth, DETAIL_CAP, flowAnchor, grain, { rollups: false });
      if (read) {
        const key = JSON.stringify([
          ws,
          filter.expr,
          filter.after,
          filter.before,
          segment,
          depth,
          flowAnchor,
          grain,
        ]);
        const detail = keptDetail(key, read.stamp) ?? keepDetail(key, read.stamp, await detailOf());
        return fromRollups(read, cells, detail, filter, segment, grain);
      }
      const detail = await detailOf();
      if (detail.exact) return detail;
    }
  }
  const { sessions, exact } = await sessionsOf(ws, filter, cap);
  // Only sessions that captured requests have any to read (network capture is opt-in).
  const requests = await requestsOf(
    ws,
    sessions.filter((s) => s.fields.requestCount > 0).map((s) => s.id),
  );
  const { views, formSignals } = await sessionEvents(ws, sessions, filter.after, filter.before);
  const segmentOf = await segmentValues(ws, sessions, segment);
  const rows: Row[] = sessions.map((session) => ({ session, segment: segmentOf(session) }));

  const groups = new Map<string, Row[]>();
  for (const r of rows) pushTo(groups, r.segment, r);
  const { series, seriesOf, ranked } = chartSeries(
    segment,
    [...groups.entries()].map(([v, rows]) => [v, rows.length]),
  );

  // A sample covers only its newest days: earlier ones are left out, not shown as empty.
  const sampledSince = exact ? null : (sessions.at(-1)?.startedAt ?? filter.after);
  const days = bucketRange(sampledSince ?? filter.after, filter.before, grain).map((day) => ({
    day,
    sessions: 0,
    bySegment: Object.fromEntries(series.map((s) => [s, 0])) as Record<string, number>,
  }));
  const index = new Map(days.map((d, i) => [d.day, i]));
  for (const r of rows) {
    const d = days[index.get(bucketOf(r.session.startedAt, grain)) ?? -1];
    if (!d) continue;
    d.sessions++;
    d.bySegment[seriesOf(r.segment)]!++;
  }
  return {
    overall: figures(rows, views),
    paths: pagePaths(rows, views, depth),
    flow: flowOf(
      [...views.values()].map((list) => pathSequence(list.map((v) => v.path))),
      depth,
      flowAnchor,
    ),
    days,
    segments:
      segment.kind === "none"
        ? null
        : ranked.map((value) => ({ value, figures: figures(groups.get(value) ?? [], views) })),
    series,
    requests: requestFigures(requests.values()),
    forms: formFigures(formSignals.values(), sessions.length),
    grain,
    exact,
    sampledSince,
    rollup: null,
  };
}

/**
 * The newest sessions' detail on the rollup path, by query, under the rollups' stamp: any batch
 * or deletion of a session in the range changes the stamp, so a page opened again with nothing
 * written since skips the 1,000 sessions' reads. What changes a session without a batch (none the
 * detail reads today) shows within DETAIL_TTL_MS.
 */
const DETAILS_KEPT = 32;
const DETAIL_TTL_MS = 60_000;
const details = recentCache<{ stamp: string; result: AnalyticsResult }>(DETAILS_KEPT, DETAIL_TTL_MS);

function keptDetail(key: string, stamp: string): AnalyticsResult | null {
  const had = details.get(key);
  return had && had.stamp === stamp ? had.result : null;
}

function keepDetail(key: string, stamp: string, result: AnalyticsResult): AnalyticsResult {
  details.set(key, { stamp, result });
  return result;
}

/** Forgets the kept details, as a process just started would have none (benchmarks measure that). */
export function forgetAnalyticsDetails(): void {
  details.clear();
}

export const OTHER = "(other)";

/**
 * The sessions the figures cover, newest first, up to the cap. When one index holds exactly the
 * matching sessions (no filter, or a single indexed condition), their ids come from one range
 * read of it and only the fields the figures use are loaded; else the query engine walks them.
 */
async function sessionsOf(
  ws: string,
  filter: Filter & { after: number; before: number },
  cap: number,
): Promise<{ sessions: AnalyticsSession[]; exact: boolean }> {
  const index = await exactIndex(ws, filter);
  if (index === "none") return { sessions: [], exact: true };
  if (index !== null) {
    const { started, capped } = await newestInIndex(ws, index, filter.after, filter.before, cap);
    return { sessions: await analyticsSessions(ws, started), exact: !capped };
  }
  const sessions: AnalyticsSession[] = [];
  let cursor: string | null = null;
  let exact = true;
  // Past the cap, the sessions that started in the same millisecond as the oldest one read are read
  // too, as newestInIndex does: the sample is then exactly the sessions since it.
  let boundary: number | null = null;
  do {
    // Large pages: the figures need every session up to the cap, and each page costs a round of planning.
    const page = await querySessions(ws, filter, {
      sort: "recent",
      cursor,
      limit: boundary === null ? Math.min(1000, cap - sessions.length) : 100,
    });
    const tied = boundary === null ? page.sessions : page.sessions.filter((s) => s.startedAt === boundary);
    sessions.push(...tied);
    cursor = tied.length < page.sessions.length ? null : page.nextCursor;
    if (cursor && boundary === null && sessions.length >= cap) {
      exact = false;
      boundary = sessions.at(-1)?.startedAt ?? null;
      if (boundary === null) cursor = null;
    }
  } while (cursor);
  return { sessions, exact };
}

function figures(rows: Row[], views: Map<string, View[]>): SessionFigures {
  const n = rows.length;
  const perPerson = new Map<string, number>();
  let duration = 0;
  let pages = 0;
  let bounces = 0;
  let errors = 0;
  let loadSum = 0;
  let loadCount = 0;
  const lcps: number[] = [];
  const interactions: number[] = [];
  for (const { session: s } of rows) {
    lcps.push(...s.fields.lcpLoads);
    if (s.fields.interactionMs !== undefined) interactions.push(s.fields.interactionMs);
    const pageCount = s.fields.pageCount;
    duration += s.durationMs;
    pages += pageCount;
    if (pageCount <= 1 && s.durationMs < BOUNCE_MS) bounces++;
    if (s.fields.errorCount > 0) errors++;
    const person = s.fields.distinctId;
    perPerson.set(person, (perPerson.get(person) ?? 0) + 1);
    for (const v of views.get(s.id) ?? []) {
      if (v.loadMs === undefined) continue;
      loadSum += v.loadMs;
      loadCount++;
    }
  }
  const share = (x: number, of: number) => (of ? x / of : 0);
  return {
    sessions: n,
    persons: perPerson.size,
    avgDurationMs: share(duration, n),
    pagesPerSession: share(pages, n),
    bounceRate: share(bounces, n),
    returnRate: share([...perPerson.values()].filter((c) => c > 1).length, perPerson.size),
    errorRate: share(errors, n),
    avgLoadMs: loadCount ? loadSum / loadCount : null,
    loadSamples: loadCount,
    lcpP75Ms: p75(lcps.filter(Number.isFinite)),
    lcpSamples: lcps.length,
    interactionMedianMs: median(interactions),
    interactionP75Ms: p75(interactions),
    interactionSessions: interactions.length,
  };
}

interface View {
  path: string;
  at: number;
  loadMs?: number;
}

/** Events the figures read: page views, and the form submissions and exceptions of the forms table. */
const READ_EVENTS: ReadonlySet<string> = new Set(["$pageview", FORM_EVENT, "$exception"]);

/**
 * Each session's page views in time order, and its form submissions and exceptions (for sessions
 * that submitted a form), from one read of its events. Sessions that started in the range; their
 * events may run a day past it.
 */
async function sessionEvents(
  ws: string,
  sessions: AnalyticsSession[],
  from: number,
  to: number,
): Promise<{ views: Map<string, View[]>; formSignals: Map<string, StoredEvent[]> }> {
  const views = new Map<string, View[]>();
  const formSignals = new Map<string, StoredEvent[]>();
  const bySession = await eventsOfSessions(
    ws,
    sessions.map((s) => s.id),
    from,
    to + 86_400_000,
    READ_EVENTS,
  );
  for (const [sid, events] of bySession) {
    const list = events.flatMap((e): View[] => {
      if (e.name !== "$pageview" || !e.url) return [];
      const ms = e.props.loadMs;
      const view: View = { path: pathOf(e.url), at: e.at };
      if (typeof ms === "number" && Number.isFinite(ms) && ms >= 0) view.loadMs = ms;
      return [view];
    });
    if (list.length) views.set(sid, list);
    if (events.some((e) => e.name === FORM_EVENT)) formSignals.set(sid, events);
  }
  return { views, formSignals };
}

export interface PathFigures {
  /** The most common sequences of the first `depth` pages (repeats of a page in a row count once). */
  sequences: { pages: string[]; sessions: number; share: number }[];
  entries: { path: string; sessions: number; share: number; bounceRate: number }[];
  /** Exit rate: sessions that ended on the page among sessions that viewed it. */
  exits: { path: string; sessions: number; views: number; exitRate: number }[];
}

export const PATH_ROWS = 15;

export function pagePaths(rows: Row[], views: Map<string, View[]>, depth: number): PathFigures {
  const seq = new Map<string, number>();
  const entries = new Map<string, { n: number; bounces: number }>();
  const exits = new Map<string, number>();
  const viewedIn = new Map<string, number>();
  let withViews = 0;
  for (const { session } of rows) {
    const list = views.get(session.id) ?? [];
    const pages = pathSequence(list.map((v) => v.path));
    if (pages.length === 0) continue;
    withViews++;
    const key = JSON.stringify(pages.slice(0, depth));
    seq.set(key, (seq.get(key) ?? 0) + 1);
    const entry = entries.get(pages[0]!) ?? { n: 0, bounces: 0 };
    entry.n++;
    if (session.fields.pageCount <= 1 && session.durationMs < BOUNCE_MS) entry.bounces++;
    entries.set(pages[0]!, entry);
    exits.set(pages.at(-1)!, (exits.get(pages.at(-1)!) ?? 0) + 1);
    for (const p of new Set(pages)) viewedIn.set(p, (viewedIn.get(p) ?? 0) + 1);
  }
  const top = <T>(m: Map<string, T>, n: (v: T) => number) =>
    [...m.entries()].sort((a, b) => n(b[1]) - n(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, PATH_ROWS);
  const share = (x: number) => (withViews ? x / withViews : 0);
  return {
    sequences: top(seq, (v) => v).map(([k, n]) => ({
      pages: JSON.parse(k) as string[],
      sessions: n,
      share: share(n),
    })),
    entries: top(entries, (v) => v.n).map(([path, v]) => ({
      path,
      sessions: v.n,
      share: share(v.n),
      bounceRate: v.bounces / v.n,
    })),
    exits: top(exits, (v) => v).map(([path, n]) => ({
      path,
      sessions: n,
      views: viewedIn.get(path)!,
      exitRate: n / viewedIn.get(path)!,
    })),
  };
}

async function segmentValues(
  ws: string,
  sessions: AnalyticsSession[],
  segment: Segment,
): Promise<(s: AnalyticsSession) => string> {
  const person = (s: AnalyticsSession) => s.fields.distinctId;
  switch (segment.kind) {
    case "none":
      return () => "all";
    case "new_returning": {
      // New: the session is the person's first ever (it started when they were first seen).
      const first = await firstSeenOf(ws, sessions.map(person));
      return (s) => ((first.get(person(s)) ?? s.startedAt) < s.startedAt ? "returning" : "new");
    }
    case "prop": {
      const props = await personProperties(ws, sessions.map(person));
      return (s) => props.get(person(s))?.[segment.key] || "(none)";
    }
    default: {
      const field = segment.kind;
      return (s) => s.fields[field] || "unknown";
    }
  }
}

export const GRAINS = ["hour", "day", "week"] as const;
export type Grain = (typeof GRAINS)[number];

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Bars drawn at most: 90 days by the hour is 2,160. */
const MAX_BUCKETS = 2_200;

/** The start of the UTC hour, day or week (weeks begin on Monday, as ISO weeks do) holding the moment. */
export function bucketStart(ms: number, grain: Grain): number {
  if (grain === "hour") return Math.floor(ms / HOUR) * HOUR;
  const day = Math.floor(ms / DAY) * DAY;
  return grain === "day" ? day : day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
}

const labelOf = (start: number, grain: Grain) =>
  grain === "hour"
    ? `${new Date(start).toISOString().slice(0, 13).replace("T", " ")}:00`
    : new Date(start).toISOString().slice(0, 10);

const bucketOf = (ms: number, grain: Grain) => labelOf(bucketStart(ms, grain), grain);

function bucketRange(from: number, to: number, grain: Grain): string[] {
  const out: string[] = [];
  const step = grain === "hour" ? HOUR : grain === "day" ? DAY : 7 * DAY;
  for (let t = bucketStart(from, grain); t < to && out.length < MAX_BUCKETS; t += step)
    out.push(labelOf(t, grain));
  return out;
}

/**
 * Which rollup cells answer the query, and each one's segment value: no search (any segment of
 * the kept facets), or one `has:errors` / device / browser / country condition without a segment.
 * Null for anything else (the sessions are then read).
 */
interface CellPlan {
  /** The segment value a cell's sessions count under, or null when the cell is not wanted. */
  valueOf: (cell: string) => string | null;
}

function rollupCells(filter: Filter, segment: Segment): CellPlan | null {
  const e = filter.expr;
  if (e === null) {
    if (segment.kind === "none") return { valueOf: (cell) => (cell === ALL_CELL ? "all" : null) };
    const kind = segment.kind;
    if (!(ROLLUP_FACETS as readonly string[]).includes(kind)) return null;
    const prefix = `${kind}=`;
    return { valueOf: (cell) => (cell.startsWith(prefix) ? cell.slice(prefix.length) : null) };
  }
  if (segment.kind !== "none") return null;
  if (e.kind === "has" && e.value === "errors")
    return { valueOf: (cell) => (cell === ERRORS_CELL ? "all" : null) };
  if (e.kind === "facet" && (ROLLUP_FACETS as readonly string[]).includes(e.field)) {
    // As the index matches it: case folded.
    const prefix = `${e.field}=`;
    return {
      valueOf: (cell) =>
        cell.startsWith(prefix) && sameFacetValue(cell.slice(prefix.length), e.value) ? "all" : null,
    };
  }
  return null;
}

/** The chart's series: one, or the CHART_SEGMENTS segments with most sessions and "Other" for the rest. */
function chartSeries(segment: Segment, sizes: [string, number][]) {
  const ranked = sizes.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const series =
    segment.kind === "none"
      ? ["sessions"]
      : [
          ...ranked.slice(0, CHART_SEGMENTS).map(([v]) => v),
          ...(ranked.length > CHART_SEGMENTS ? [OTHER] : []),
        ];
  const seriesOf = (v: string) => (segment.kind === "none" ? "sessions" : series.includes(v) ? v : OTHER);
  return { series, seriesOf, ranked: ranked.map(([v]) => v) };
}

function fromRollups(
  read: RollupRead,
  plan: CellPlan,
  detail: AnalyticsResult,
  filter: { after: number; before: number },
  segment: Segment,
  grain: Grain,
): AnalyticsResult {
  const groups = new Map<string, RollupCell>();
  for (const [cell, counters] of read.cells) {
    const value = plan.valueOf(cell);
    if (value === null || counters.n <= 0) continue;
    addCell(entryOf(groups, value, emptyCell), counters);
  }
  const all = emptyCell();
  for (const g of groups.values()) addCell(all, g);
  const { series, seriesOf, ranked } = chartSeries(
    segment,
    [...groups.entries()].map(([v, g]) => [v, g.n]),
  );
  const days = bucketRange(filter.after, filter.before, grain).map((day) => ({
    day,
    sessions: 0,
    bySegment: Object.fromEntries(series.map((s) => [s, 0])) as Record<string, number>,
  }));
  const index = new Map(days.map((d, i) => [d.day, i]));
  for (const [at, cells] of read.hours) {
    const d = days[index.get(bucketOf(at, grain)) ?? -1];
    if (!d) continue;
    for (const [cell, n] of cells) {
      const value = plan.valueOf(cell);
      if (value === null) continue;
      d.sessions += n;
      d.bySegment[seriesOf(value)]! += n;
    }
  }
  const sampled = new Map(detail.segments?.map((s) => [s.value, s.figures]) ?? []);
  return {
    ...detail,
    overall: cellFigures(all, detail.overall),
    days,
    series,
    segments:
      segment.kind === "none"
        ? null
        : ranked.map((value) => ({
            value,
            figures: cellFigures(groups.get(value) ?? emptyCell(), sampled.get(value)),
          })),
    exact: true,
    sampledSince: null,
    rollup: {
      detailSessions: detail.overall.sessions,
      detailExact: detail.exact,
      detailSince: detail.sampledSince,
    },
  };
}

/** A cell's figures; persons, return rate and the load event come from the sessions read (`sample`). */
function cellFigures(c: RollupCell, sample: SessionFigures | undefined): SessionFigures {
  const share = (x: number) => (c.n ? x / c.n : 0);
  let interactions = 0;
  for (const k of c.interaction.values()) interactions += k;
  return {
    sessions: c.n,
    persons: sample?.persons ?? 0,
    avgDurationMs: share(c.dur),
    pagesPerSession: share(c.pg),
    bounceRate: share(c.bn),
    returnRate: sample?.returnRate ?? 0,
    errorRate: share(c.er),
    avgLoadMs: sample?.avgLoadMs ?? null,
    loadSamples: sample?.loadSamples ?? 0,
    lcpP75Ms: nearestRank(c.lcp, 0.75),
    lcpSamples: c.ln,
    interactionMedianMs: nearestRank(c.interaction, 0.5),
    interactionP75Ms: nearestRank(c.interaction, 0.75),
    interactionSessions: interactions,
  };
}

/** The nearest-rank quantile of a histogram, as the value its bucket stands for. */
function nearestRank(histogram: Map<number, number>, q: number): number | null {
  let total = 0;
  for (const k of histogram.values()) total += k;
  if (total === 0) return null;
  const rank = Math.ceil(total * q);
  let seen = 0;
  for (const [bucket, k] of [...histogram.entries()].sort((a, b) => a[0] - b[0])) {
    seen += k;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}

import { createHash } from "node:crypto";
import { TtlCache } from "@/lib/cache";
import { SLOW_BUCKETS_MS } from "@/lib/captured-requests";
import { cohortByName, cohortMembers } from "@/lib/data/cohorts";
import { type SessionTrail, sessionTrails } from "@/lib/data/events";
import { personProperties } from "@/lib/data/persons";
import {
  countInRange,
  indexName,
  membersInRange,
  membersOfEach,
  pagesUnder,
  planExists,
  probeMembership,
  rankNewestFirst,
  indexSizes as readIndexSizes,
  readMemberships,
  type SessionIndex,
  type SortDimension,
  scanNewestFirst,
  scoresIn,
  storeIntersection,
} from "@/lib/data/session-index";
import { getSessions, requestsOf, type SessionRecord, type SessionRequest } from "@/lib/data/sessions";
import { tagsOf } from "@/lib/data/tags";
import { formKey } from "@/lib/forms";
import { pathMatches, pathOf, typedPath } from "@/lib/url-path";
import { type Condition, ERROR_EXIT_MS, type Expr, type Filter, VITAL_FIELDS } from "./filter";
import type { Sort } from "./sorts";

/**
 * The query engine: filter object → an index plan. The most selective indexed condition of the
 * top-level AND drives; the candidates are ordered by the chosen sort index; one page of session
 * hashes is loaded per pipeline round and every condition is checked on it exactly.
 */

export { SORT_OPTIONS, type Sort } from "./sorts";

export interface QueryOptions {
  sort: Sort;
  cursor?: string | null;
  limit: number;
}

export interface QueryPage {
  sessions: SessionRecord[];
  nextCursor: string | null;
  /** How many candidate sessions the plan looked at: the cost of this page. */
  examined: number;
}

interface Cursor {
  score: number;
  sid: string;
}

export function encodeCursor(c: Cursor): string {
  return `${c.score}:${c.sid}`;
}

export function decodeCursor(raw: string | null | undefined): Cursor | null {
  const m = /^(-?\d+(?:\.\d+)?):([A-Za-z0-9_-]{1,64})$/.exec(raw ?? "");
  return m ? { score: Number(m[1]), sid: m[2]! } : null;
}

/** Session indexes whose union holds every session the condition can match, or null if unindexed. */
async function indexesOf(ws: string, c: Condition): Promise<SessionIndex[] | null> {
  switch (c.kind) {
    case "person":
      return [{ kind: "person", value: c.value }];
    case "event":
      return [{ kind: "event", value: c.name }];
    case "signal":
      return [{ kind: "signal", value: c.value }];
    case "has":
      // A session that left after an error had one: the errors index holds every match.
      return [{ kind: "has", value: c.value === "error_then_exit" ? "errors" : c.value }];
    case "error":
      return [{ kind: "has", value: "errors" }];
    case "tag":
      return [{ kind: "tag", value: c.value }];
    case "form":
      return [{ kind: "form", value: formKey(c.value) }];
    case "cohort": {
      // A small cohort is its persons' session indexes; a broad one is checked on each session.
      const members = await cohortSet(ws, c.value);
      return members.size <= COHORT_INDEX_LIMIT
        ? [...members].map((m): SessionIndex => ({ kind: "person", value: m }))
        : null;
    }
    case "facet":
      return [{ kind: c.field, value: c.value }];
    case "page":
      if (c.mode === "equals") return [{ kind: "page", path: typedPath(c.value) }];
      if (c.mode === "prefix") return pagesUnder(ws, typedPath(c.value));
      return null;
    case "path": {
      // Any named step is a page the session saw: its page index holds every match (and more).
      const step = c.steps.find((s) => s.startsWith("/"));
      return step ? [{ kind: "page", path: typedPath(step) }] : null;
    }
    case "request": {
      const value = requestIndexValue(c);
      if (value !== null) return [{ kind: "request", value }];
      const bucket = slowBucket(c);
      return bucket === null ? null : [{ kind: "slow", atLeastMs: bucket }];
    }
    default:
      return null;
  }
}

type RequestCondition = Extract<Condition, { kind: "request" }>;

/** The request index value holding exactly the sessions with such a request (its duration aside). */
function requestIndexValue(c: RequestCondition): string | null {
  const parts = c.path ? [c.method, c.path, c.status] : c.status ? [c.status] : [];
  return parts.length ? parts.filter(Boolean).join(" ") : null;
}

/** The largest duration bucket a `slow:` condition's requests all reach, or null below the first. */
function slowBucket(c: RequestCondition): number | null {
  if (!c.slow) return null;
  const reached = SLOW_BUCKETS_MS.filter((b) => b <= c.slow!.value);
  return reached.at(-1) ?? null;
}

/**
 * Groups of indexes a session must be in (any index of each group) to match the condition, or
 * null if nothing indexed narrows it. A request that is slow as well needs both its request index
 * and its duration bucket.
 */
async function indexGroups(ws: string, c: Condition): Promise<SessionIndex[][] | null> {
  const indexes = await indexesOf(ws, c);
  if (!indexes) return null;
  const bucket = c.kind === "request" && requestIndexValue(c) !== null ? slowBucket(c) : null;
  return bucket === null ? [indexes] : [indexes, [{ kind: "slow", atLeastMs: bucket }]];
}

const NUMBER_INDEX: Partial<Record<string, SortDimension>> = {
  duration: "duration",
  active: "active",
  pages: "pages",
  errors: "errors",
};

/** The index in the sort's order. */
function sortIndex(sort: Sort): SessionIndex {
  return sort === "recent" ? { kind: "all" } : { kind: "sorted", by: sort };
}

/** Candidate session ids for the top-level conditions, or null when nothing indexed narrows them. */
async function candidates(ws: string, expr: Expr | null): Promise<{ ids: Set<string> | null }> {
  const conjuncts = expr === null ? [] : expr.kind === "and" ? expr.items : [expr];
  const sets: Set<string>[] = [];
  for (const c of conjuncts) {
    if (c.kind === "and" || c.kind === "or" || c.kind === "not") continue;
    if (c.kind === "number" && VITAL_FIELDS.includes(c.field)) {
      // Only sessions that measured Web Vitals have one to compare.
      sets.push(new Set(await membersInRange(ws, { kind: "has", value: "vitals" }, "-inf", "+inf")));
      continue;
    }
    if (c.kind === "number") {
      const dim = NUMBER_INDEX[c.field];
      if (!dim || c.op === "<" || c.op === "<=") continue; // small values include sessions with no entry
      const min = c.op === ">" ? { exclusive: c.value } : c.value;
      const max = c.op === "=" ? c.value : ("+inf" as const);
      sets.push(new Set(await membersInRange(ws, { kind: "sorted", by: dim }, min, max)));
      continue;
    }
    for (const group of (await indexGroups(ws, c)) ?? []) {
      sets.push(new Set((await membersOfEach(ws, group)).flat()));
    }
  }
  if (sets.length === 0) return { ids: null };
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sets;
  const ids = new Set([...smallest!].filter((id) => rest.every((s) => s.has(id))));
  return { ids };
}

interface SessionData {
  record: SessionRecord;
  urls: string[];
  /** The session's pages in order and its exceptions (read only when a condition needs them). */
  trail: SessionTrail;
  events: Set<string>;
  /** The forms (keys) in the expression that the session submitted. */
  forms: Set<string>;
  props: Record<string, string>;
  tags: Set<string>;
  /** The cohorts (lower-case names) in the expression that the session's person belongs to. */
  cohorts: Set<string>;
  /** The session's distinct captured requests (read only when a condition needs them). */
  requests: SessionRequest[];
}

/** Cohorts with at most this many persons are planned from the person indexes. */
const COHORT_INDEX_LIMIT = 2000;
/** A cohort's members for the life of a search's pages, like its plan; an unknown cohort has none. */
const cohortCache = new TtlCache<Set<string>>(30_000, 200);
function cohortSet(ws: string, name: string): Promise<Set<string>> {
  return cohortCache.get(`${ws}|${name.toLowerCase()}`, async () => {
    const cohort = await cohortByName(ws, name);
    return new Set(cohort ? (await cohortMembers(ws, cohort)).members : []);
  });
}

function cohortNames(e: Expr | null, out = new Set<string>()): Set<string> {
  if (!e) return out;
  if (e.kind === "and" || e.kind === "or") for (const i of e.items) cohortNames(i, out);
  else if (e.kind === "not") cohortNames(e.item, out);
  else if (e.kind === "cohort") out.add(e.value.toLowerCase());
  return out;
}

function compare(a: number, op: string, b: number): boolean {
  return op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : op === "<=" ? a <= b : a === b;
}

const NUMBER_FIELDS: Record<string, (s: SessionRecord) => number> = {
  duration: (s) => s.durationMs,
  active: (s) => s.fields.activeMs,
  pages: (s) => s.fields.pageCount,
  clicks: (s) => s.fields.clickCount,
  errors: (s) => s.fields.errorCount,
  events: (s) => s.fields.eventCount,
  // Absent (no page load measured it): NaN, which no comparison meets.
  lcp: (s) => s.fields.lcpMs ?? Number.NaN,
  inp: (s) => s.fields.inpMs ?? Number.NaN,
  cls: (s) => s.fields.cls ?? Number.NaN,
  fcp: (s) => s.fields.fcpMs ?? Number.NaN,
  ttfb: (s) => s.fields.ttfbMs ?? Number.NaN,
  // A session nobody interacted with has no time to first interaction: no comparison meets it.
  interaction: (s) => s.fields.interactionMs ?? Number.NaN,
};

/** Exact evaluation of any expression on one session. */
/** The visit ended within ERROR_EXIT_MS of its last exception (has:error_then_exit). */
function endedAfterError(record: SessionRecord, trail: SessionTrail): boolean {
  const last = trail.errors.at(-1);
  return !!last && record.endedAt - last.at <= ERROR_EXIT_MS;
}

export function matches(e: Expr, d: SessionData): boolean {
  const f = d.record.fields;
  switch (e.kind) {
    case "and":
      return e.items.every((i) => matches(i, d));
    case "or":
      return e.items.some((i) => matches(i, d));
    case "not":
      return !matches(e.item, d);
    case "person":
      return (
        f.distinctId.toLowerCase() === e.value.toLowerCase() ||
        (d.props.email ?? "").toLowerCase() === e.value.toLowerCase()
      );
    case "prop":
      return d.props[e.key] === e.value;
    case "event":
      return d.events.has(e.name);
    case "page": {
      const paths = d.urls.map(pathOf);
      const path = typedPath(e.value).toLowerCase();
      if (e.mode === "equals") return paths.some((p) => p.toLowerCase() === path);
      if (e.mode === "prefix") return paths.some((p) => p.toLowerCase().startsWith(path));
      return d.urls.some((u) => u.toLowerCase().includes(e.value.toLowerCase()));
    }
    case "path":
      return pathMatches(d.trail.path, e.steps, e.exact);
    case "error": {
      const text = e.value.toLowerCase();
      return d.trail.errors.some((x) => x.message.toLowerCase().includes(text));
    }
    case "number":
      return compare(NUMBER_FIELDS[e.field]!(d.record), e.op, e.value);
    case "has":
      if (e.value === "error_then_exit") return endedAfterError(d.record, d.trail);
      if (e.value === "poor_vitals") return f.poorVitals;
      if (e.value === "form_submit") return f.formSubmitCount > 0;
      return (e.value === "errors" ? f.errorCount : f.consoleErrorCount) > 0;
    case "signal":
      return f[`${e.value}Count`] > 0;
    case "facet":
      return f[e.field].toLowerCase() === e.value.toLowerCase();
    case "tag":
      return d.tags.has(e.value.toLowerCase());
    case "cohort":
      return d.cohorts.has(e.value.toLowerCase());
    case "request":
      return d.requests.some((r) => requestMatches(e, r));
    case "form":
      return d.forms.has(formKey(e.value));
    case "text": {
      const t = e.value.toLowerCase();
      return f.distinctId.toLowerCase().includes(t) || d.urls.some((u) => u.toLowerCase().includes(t));
    }
  }
}

/** Whether one of the session's requests meets every part of the condition. */
function requestMatches(c: RequestCondition, r: SessionRequest): boolean {
  return (
    (!c.method || c.method === r.method) &&
    (!c.path || c.path.toLowerCase() === r.path.toLowerCase()) &&
    (!c.status || c.status === r.status) &&
    (!c.slow || compare(r.maxMs, c.slow.op, c.slow.value))
  );
}

/** Whether a `has:` condition with this value appears anywhere in the expression. */
function usesHas(e: Expr | null, value: string): boolean {
  if (!e) return false;
  if (e.kind === "and" || e.kind === "or") return e.items.some((i) => usesHas(i, value));
  if (e.kind === "not") return usesHas(e.item, value);
  return e.kind === "has" && e.value === value;
}

/** Whether any condition of this kind appears anywhere in the expression. */
function uses(e: Expr | null, kind: Condition["kind"]): boolean {
  if (!e) return false;
  if (e.kind === "and" || e.kind === "or") return e.items.some((i) => uses(i, kind));
  if (e.kind === "not") return uses(e.item, kind);
  return e.kind === kind;
}

function formKeys(e: Expr | null, out = new Set<string>()): Set<string> {
  if (!e) return out;
  if (e.kind === "and" || e.kind === "or") for (const i of e.items) formKeys(i, out);
  else if (e.kind === "not") formKeys(e.item, out);
  else if (e.kind === "form") out.add(formKey(e.value));
  return out;
}

function eventNames(e: Expr | null, out = new Set<string>()): Set<string> {
  if (!e) return out;
  if (e.kind === "and" || e.kind === "or") for (const i of e.items) eventNames(i, out);
  else if (e.kind === "not") eventNames(e.item, out);
  else if (e.kind === "event") out.add(e.name);
  return out;
}

/** Loads what the conditions need for a batch of sessions, in one pipeline beyond the hashes. */
async function load(ws: string, ids: string[], expr: Expr | null): Promise<SessionData[]> {
  const records = new Map((await getSessions(ws, ids)).map((r) => [r.id, r]));
  const names = [...eventNames(expr)];
  const forms = [...formKeys(expr)];
  const needsUrls = uses(expr, "page") || uses(expr, "text");
  const memberships = await readMemberships(ws, ids, {
    pages: needsUrls,
    indexes: [
      ...names.map((value): SessionIndex => ({ kind: "event", value })),
      ...forms.map((value): SessionIndex => ({ kind: "form", value })),
    ],
  });
  const people = uses(expr, "prop")
    ? await personProperties(
        ws,
        [...records.values()].map((r) => r.fields.distinctId),
      )
    : new Map();
  const tags = uses(expr, "tag") ? await tagsOf(ws, ids) : new Map<string, string[]>();
  const trails =
    uses(expr, "path") || uses(expr, "error") || usesHas(expr, "error_then_exit")
      ? await sessionTrails(ws, ids)
      : new Map<string, SessionTrail>();
  const requests = uses(expr, "request") ? await requestsOf(ws, ids) : new Map<string, SessionRequest[]>();
  const cohorts = await Promise.all(
    [...cohortNames(expr)].map(async (name) => [name, await cohortSet(ws, name)] as const),
  );
  return ids.flatMap((id, i) => {
    const record = records.get(id);
    if (!record) return [];
    const { pages, in: member } = memberships[i]!;
    const events = new Set(names.filter((_, j) => member[j]));
    const submitted = new Set(forms.filter((_, j) => member[names.length + j]));
    return [
      {
        record,
        urls: pages,
        trail: trails.get(id) ?? { path: [], errors: [] },
        events,
        forms: submitted,
        props: people.get(record.fields.distinctId) ?? {},
        tags: new Set(tags.get(id) ?? []),
        cohorts: new Set(cohorts.filter(([, m]) => m.has(record.fields.distinctId)).map(([n]) => n)),
        requests: requests.get(id) ?? [],
      },
    ];
  });
}

const byOrder = (a: { score: number; sid: string }, b: { score: number; sid: string }) =>
  b.score - a.score || (a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0);

/** Short-lived, so paging through a search does not recompute its plan for every page. */
const PLAN_TTL_MS = 30_000;
const orderedCandidates = new TtlCache<{ score: number; sid: string }[] | null>(PLAN_TTL_MS, 200);

/**
 * How a page is found: walk an index by rank (the sort index itself, or the intersection of
 * the indexed conditions kept scored by the sort), walk a list worked out here (number conditions
 * alone), or nothing can match.
 */
type Plan =
  /** `probe`: groups of indexes a session must be in (any index of each group), checked before loading it. */
  | { kind: "walk"; index: SessionIndex; probe: SessionIndex[][]; share: number }
  | { kind: "list"; ordered: { score: number; sid: string }[] }
  | { kind: "empty" };

/**
 * Relative costs, measured on the embedded store (Redis is cheaper all round): a membership probe
 * (ZMSCORE, many members a command), a lookup inside the store's own intersection, a row the
 * intersection writes.
 */
const PROBE_COST = 2;
const JOIN_COST = 1;
const WRITE_COST = 25;
const START_SCORED = new Set<Condition["kind"]>([
  "person",
  "event",
  "signal",
  "has",
  "facet",
  "page",
  "path",
  "error",
  "request",
  "form",
]);
/** Conditions met by exactly the sessions in their index (a person also matches by email property). */
const EXACT_INDEX = new Set<Condition["kind"]>([
  "event",
  "signal",
  "has",
  "facet",
  "page",
  "request",
  "form",
]);

/** A condition over more indexes than this is checked on the loaded session instead of probed. */
const MAX_PROBE_KEYS = 8;

async function plan(ws: string, expr: Expr | null, sort: Sort, fresh: boolean, want: number): Promise<Plan> {
  const sorted = sortIndex(sort);
  const conjuncts = expr === null ? [] : expr.kind === "and" ? expr.items : [expr];
  const sources: SessionIndex[][] = [];
  // Indexes (by name) whose scores are the session's start time as the "recent" sort index has it:
  // every batch lowers both alike (a tag keeps the start time known when it was added, so not tags).
  const startScored = new Set<string>();
  let numbers = false;
  for (const c of conjuncts) {
    if (c.kind === "and" || c.kind === "or" || c.kind === "not") continue;
    if (c.kind === "number") {
      numbers = true;
      continue;
    }
    for (const keys of (await indexGroups(ws, c)) ?? []) {
      if (keys.length === 0) return { kind: "empty" };
      sources.push(keys);
      if (keys.length === 1 && START_SCORED.has(c.kind)) startScored.add(indexName(keys[0]!));
    }
  }
  if (sources.length === 0) {
    if (!numbers) return { kind: "walk", index: sorted, probe: [], share: 1 };
    const cacheKey = `${ws}|${sort}|${JSON.stringify(expr)}`;
    if (fresh) orderedCandidates.delete(cacheKey);
    const ordered = await orderedCandidates.get(cacheKey, async () => {
      const { ids } = await candidates(ws, expr);
      if (!ids) return null;
      const list = [...ids];
      const scores = await scoresIn(ws, sorted, list);
      return list.map((sid, i) => ({ sid, score: scores[i] ?? 0 })).sort(byOrder);
    });
    return ordered ? { kind: "list", ordered } : { kind: "walk", index: sorted, probe: [], share: 1 };
  }
  // Two ways, costed from the index sizes (filters taken as independent): walk the sort index,
  // probing each session's membership in the filters' indexes before loading it — cheap when the
  // filters are broad —, or have the store intersect them — cheap when the result is small. A
  // condition over a few keys (a path prefix) is probed as "in any of them".
  const single = sources.filter((k) => k.length === 1).map((k) => k[0]!);
  const groups = sources.filter((k) => k.length <= MAX_PROBE_KEYS);
  const flat = groups.flat();
  const card = await indexSizes(ws, [...flat, sorted]);
  const total = card.get(indexName(sorted)) ?? 0;
  const sizeOf = (ix: SessionIndex) => card.get(indexName(ix));
  const shareOf = (keys: SessionIndex[]) =>
    total ? Math.min(1, keys.reduce((acc, k) => acc + (sizeOf(k) ?? 0), 0) / total) : 0;
  const probes = groups.map((keys) => ({ keys, share: shareOf(keys) })).sort((a, b) => a.share - b.share);
  // Sorted by start time, the most selective start-scored index is walked itself: it is in the
  // sort index's order and holds only sessions meeting its condition; the others are probed.
  const driver =
    sort === "recent"
      ? probes.find((g) => g.keys.length === 1 && startScored.has(indexName(g.keys[0]!)))
      : undefined;
  const rest = probes.filter((g) => g !== driver);
  const share = rest.reduce((acc, g) => acc * g.share, 1);
  if (probes.length > 0) {
    // Probed most selective first, each index only for the sessions the previous ones kept.
    let reaching = want / Math.max(share, 1e-9);
    let walkCost = 0;
    for (const g of rest) {
      walkCost += reaching * PROBE_COST * g.keys.length;
      reaching *= g.share;
    }
    const singleCards = single.map((k) => sizeOf(k) ?? 0);
    // Without a single-key index the store must first write the union of a multi-key condition.
    const unionRows = (sources.find((k) => k.length > 1) ?? []).reduce(
      (acc, k) => acc + (sizeOf(k) ?? total),
      0,
    );
    const intersectCost = single.length
      ? Math.min(...singleCards) * single.length * JOIN_COST +
        singleCards.reduce((acc, n) => acc * (total ? n / total : 0), total) * WRITE_COST
      : unionRows * 2 * WRITE_COST;
    if (walkCost <= intersectCost) {
      return { kind: "walk", index: driver?.keys[0] ?? sorted, probe: rest.map((g) => g.keys), share };
    }
  }
  // Else the store intersects (driven by the smallest set, in Redis and in SQLite alike), scoring
  // each session by the sort: weight 0 for the filters' start-time scores, 1 for the sort's. A
  // condition over many keys (a path prefix, a cohort) joins only when nothing narrower exists;
  // otherwise it is checked on each session like the rest.
  const digest = createHash("sha1")
    .update(`${sort}|${JSON.stringify(expr)}`)
    .digest("base64url")
    .slice(0, 22);
  if (!fresh && (await planExists(ws, digest)))
    return { kind: "walk", index: { kind: "plan", digest }, probe: [], share: 1 };
  const index = await storeIntersection(ws, digest, {
    every: single,
    anyOf: single.length === 0 ? sources.filter((k) => k.length > 1) : [],
    scoredBy: sorted,
    ttlMs: PLAN_TTL_MS,
  });
  return { kind: "walk", index, probe: [], share: 1 };
}

/**
 * Index sizes only steer the plan, so a few seconds old is as good as exact — and counting a
 * large set is linear in SQLite.
 */
const SIZE_TTL_MS = 10_000;
const sizes = new Map<string, { n: number; expires: number }>();
/** The indexes' sizes by index name. */
async function indexSizes(ws: string, indexes: SessionIndex[]): Promise<Map<string, number>> {
  const now = Date.now();
  const out = new Map<string, number>();
  const byName = new Map(indexes.map((ix) => [indexName(ix), ix]));
  const missing = [...byName.keys()].filter((name) => {
    const hit = sizes.get(`${ws}|${name}`);
    if (hit && hit.expires > now) out.set(name, hit.n);
    return !out.has(name);
  });
  if (missing.length === 0) return out;
  const counts = await readIndexSizes(
    ws,
    missing.map((name) => byName.get(name)!),
  );
  if (sizes.size > 5000) sizes.clear();
  missing.forEach((name, i) => {
    out.set(name, counts[i]!);
    sizes.set(`${ws}|${name}`, { n: counts[i]!, expires: now + SIZE_TTL_MS });
  });
  return out;
}

/** Sessions loaded per round: twice what is still missing (filters drop some), within bounds. */
const chunkSize = (missing: number) => Math.min(500, Math.max(20, missing * 2));

/**
 * The one index that holds exactly the sessions matching the filter's condition (every session
 * for no condition, or a condition whose index membership is the condition), or null.
 */
export async function exactIndex(ws: string, filter: Filter): Promise<SessionIndex | null | "none"> {
  const e = filter.expr;
  if (e === null) return { kind: "all" };
  if (e.kind === "and" || e.kind === "or" || e.kind === "not" || !EXACT_INDEX.has(e.kind)) return null;
  // Left after an error is planned from the errors index, which holds more than the matches.
  if (e.kind === "has" && e.value === "error_then_exit") return null;
  // A slow request is planned from a duration bucket, a method without a path from its status
  // class alone: both hold more than the matches.
  if (e.kind === "request" && (e.slow || (e.method && !e.path))) return null;
  const indexes = await indexesOf(ws, e);
  if (indexes?.length === 0) return "none";
  return indexes?.length === 1 ? indexes[0]! : null;
}

/**
 * How many sessions match, when one index holds exactly the matching sessions — one ZCOUNT over
 * the time range; else null.
 */
export async function countFromIndex(ws: string, filter: Filter): Promise<number | null> {
  const index = await exactIndex(ws, filter);
  if (index === "none") return 0;
  if (index === null) return null;
  // Every index is scored by the session's start time, as the range is.
  return countInRange(
    ws,
    index,
    filter.after ?? "-inf",
    filter.before === undefined ? "+inf" : { exclusive: filter.before },
  );
}

/** One page of sessions matching the filter, in the chosen order, after the cursor. */
export async function querySessions(ws: string, filter: Filter, options: QueryOptions): Promise<QueryPage> {
  const sorted = sortIndex(options.sort);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const inRange = (start: number) =>
    (filter.after === undefined || start >= filter.after) &&
    (filter.before === undefined || start < filter.before);
  // The order: sort score descending, then session id descending; the cursor is the last (score, id).
  const beyondCursor = (score: number, sid: string) =>
    !after || score < after.score || (score === after.score && sid < after.sid);

  // A first page always plans afresh, so new sessions show up at once; next pages reuse the plan.
  const planned = await plan(ws, filter.expr, options.sort, !after, options.limit + 1);
  if (planned.kind === "empty") return { sessions: [], nextCursor: null, examined: 0 };
  const all = planned.kind === "list" ? planned.ordered : null;
  const ids = all !== null;
  const ordered = all ? all.filter((r) => beyondCursor(r.score, r.sid)) : [];
  const walked = planned.kind === "walk" ? planned.index : sorted;
  const probe = planned.kind === "walk" ? planned.probe : [];
  // A probing walk reads enough of the index per round to expect the rest of the page in it: at
  // first from the estimated share (capped, as filters often go with the sort — most errors and
  // has:errors), then from the share that really passed the probes so far.
  let walkedRows = 0;
  let passedRows = 0;
  const walkChunk = (missing: number) => {
    if (!probe.length || planned.kind !== "walk") return chunkSize(missing);
    const share = walkedRows ? Math.max(passedRows / walkedRows, 1e-4) : Math.max(planned.share, 1e-4);
    const cap = walkedRows ? 5000 : 1000;
    return Math.min(cap, Math.max(100, Math.ceil((missing * 1.5) / share)));
  };

  // One more than a page is looked for, so "is there a next page" is known, not guessed.
  const want = options.limit + 1;
  const found: { record: SessionRecord; score: number; sid: string }[] = [];
  let examined = 0;
  let position = 0;
  let exhausted = false;
  // Without an index, walk the sort index by rank from the cursor's place (found with ZREVRANK,
  // so sessions arriving meanwhile shift nothing) in chunks until the page is full.
  let rank = 0;
  if (!ids) {
    if (options.sort === "recent" && filter.before !== undefined)
      rank = await countInRange(ws, walked, filter.before, "+inf");
    if (after) {
      const at = await rankNewestFirst(ws, walked, after.sid);
      // The cursor's session left the index: fall back to its score.
      rank = Math.max(
        rank,
        at !== null ? at + 1 : await countInRange(ws, walked, { exclusive: after.score }, "+inf"),
      );
    }
  }
  while (found.length < want && !exhausted) {
    let chunk: { score: number; sid: string }[];
    if (ids) {
      chunk = ordered.slice(position, position + chunkSize(want - found.length));
      position += chunk.length;
      exhausted = position >= ordered.length;
    } else {
      const size = walkChunk(want - found.length);
      chunk = await scanNewestFirst(ws, walked, rank, size);
      rank += chunk.length;
      exhausted = chunk.length < size;
      // Sorted by start time, nothing below the range's start can match.
      if (
        options.sort === "recent" &&
        filter.after !== undefined &&
        (chunk.at(-1)?.score ?? 0) < filter.after
      )
        exhausted = true;
    }
    const examinedNow = chunk.length;
    examined += examinedNow;
    for (const group of probe) {
      if (chunk.length === 0) break;
      const hits = await probeMembership(
        ws,
        group,
        chunk.map((r) => r.sid),
      );
      chunk = chunk.filter((_, i) => hits.some((scores) => scores[i] !== null));
    }
    walkedRows += examinedNow;
    passedRows += chunk.length;
    // The sessions that passed the probes are loaded a few more than still missing at a time:
    // when the probes were the whole filter, nearly every one loaded is shown.
    for (let i = 0; i < chunk.length && found.length < want; ) {
      const part = chunk.slice(i, i + chunkSize(want - found.length));
      i += part.length;
      const data = await load(
        ws,
        part.map((r) => r.sid),
        filter.expr,
      );
      const bySid = new Map(data.map((d) => [d.record.id, d]));
      for (const r of part) {
        const d = bySid.get(r.sid);
        if (!d || !inRange(d.record.startedAt) || (filter.expr && !matches(filter.expr, d))) continue;
        found.push({ record: d.record, ...r });
        if (found.length === want) break;
      }
    }
  }
  const page = found.slice(0, options.limit);
  const lastShown = page.at(-1);
  return {
    sessions: page.map((f) => f.record),
    nextCursor: found.length > options.limit && lastShown ? encodeCursor(lastShown) : null,
    examined,
  };
}

/** Whether one session matches a filter, evaluated exactly (a notification's look at a new recording). */
export async function sessionMatches(ws: string, sid: string, filter: Filter): Promise<boolean> {
  const [d] = await load(ws, [sid], filter.expr);
  if (!d) return false;
  const at = d.record.startedAt;
  if (filter.after !== undefined && at < filter.after) return false;
  if (filter.before !== undefined && at >= filter.before) return false;
  return !filter.expr || matches(filter.expr, d);
}

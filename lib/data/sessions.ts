import {
  parseSignature,
  type RequestSummary,
  requestIndexValues,
  requestSignature,
  slowBuckets,
} from "@/lib/captured-requests";
import { Busy } from "@/lib/errors/domain";
import type { Device } from "@/lib/ingest/device";
import type { IndexGrowth, IndexGrowthCounts } from "@/lib/ingest/limits";
import { type BatchSummary, type Carry, EMPTY_CARRY, type Signal } from "@/lib/ingest/summarize";
import {
  catalogKeys,
  ensureCatalog,
  type KeyCatalog,
  queueCatalogAdd,
  queueCatalogComplete,
} from "@/lib/storage/key-catalog";
import { kv } from "@/lib/storage/kv";
import type { KvBatch } from "@/lib/storage/kv/client";
import { pathOf } from "@/lib/url-path";
import { queueRollupRefresh, queueRollupsComplete, refreshRollupQuietly } from "./analytics-rollup";
import { type BatchClaim, type BatchId, claimBatch, queueBatchDone, queueClaim } from "./batch-claims";
import { type ChunkMeta, chunkIdOf, deleteChunks } from "./chunks";
import {
  queueEventDeletes,
  queueEventIndexesComplete,
  queueEventWrites,
  sessionEventMembers,
} from "./events";
import { prepareHeatWrites, sessionHeatCleanup } from "./heatmaps";
import { parseJsonRecord } from "./json-hash";
import {
  forgetPerson,
  personKeys,
  queuePersonWrites,
  queueSessionCount,
  storableProperties,
} from "./persons";
import { playlistIds, queuePlaylistRemovals } from "./playlists";
import { parseCount, parseOrCorrupt, skipCorrupt, stored } from "./record";
import {
  type Facet,
  indexValue,
  PICKED_FACETS,
  type PickedFacet,
  SORTS,
  type SortDimension,
  sessionKeys,
} from "./session-keys";
import { storedCarry, storedChunkMeta, storedRetentionDays, storedSignal } from "./session-parts";
import {
  PLACING_FIELDS,
  parseSessionFields,
  parseSessionPlacing,
  type SessionFields,
  type SessionPlacing,
} from "./session-record";
import { revokeSharesOf } from "./shares";
import { queueVitalWrites, refreshVitalFields } from "./vitals";

/** Minutes of activity one batch may add to the sparkline (the SDK's batches span seconds). */
const ACTIVITY_MINUTES_PER_BATCH = 240;

/**
 * Which of a batch's paths, event names, requests and form keys — and `person`, the one it is
 * indexed under, when ingest cannot tell it is the session's already — are new to the session's
 * indexes, and how many the session holds already (counted as ingest adds them), for the
 * per-session caps. One round trip, and none for a batch without any. `freshRequests` /
 * `freshForms`: the request signatures and form keys it has not.
 */
export async function sessionIndexGrowth(
  ws: string,
  sid: string,
  growth: IndexGrowth,
  person: string | null = null,
): Promise<{
  had: IndexGrowthCounts;
  added: IndexGrowthCounts;
  freshRequests: Set<string>;
  freshForms: Set<string>;
}> {
  const none = { paths: 0, eventNames: 0, requests: 0, forms: 0, persons: 0 };
  const requestKey = (sig: string) => sessionKeys.index(ws, "request", sig);
  const formKey = (form: string) => sessionKeys.index(ws, "form", form);
  const candidates = [
    ...growth.paths.map((p) => sessionKeys.index(ws, "url", p)),
    ...growth.eventNames.map((name) => sessionKeys.index(ws, "event", name)),
    ...growth.requests.map(requestKey),
    ...growth.forms.map(formKey),
    ...(person === null ? [] : [sessionKeys.index(ws, "person", person)]),
  ];
  if (candidates.length === 0)
    return { had: none, added: { ...none }, freshRequests: new Set(), freshForms: new Set() };
  const p = (await kv()).pipeline();
  p.hmget(sessionKeys.session(ws, sid), [
    "pathCount",
    "eventNameCount",
    "requestCount",
    "formCount",
    "personCount",
  ]);
  // Distinct values may share an index key (case folded): each key counts once.
  const unique = [...new Set(candidates)];
  for (const k of unique) p.sismember(sessionKeys.indexed(ws, sid), k);
  const [counts, ...present] = await p.exec<[(string | null)[], ...boolean[]]>();
  const urlPrefix = sessionKeys.index(ws, "url", "");
  const requestPrefix = sessionKeys.index(ws, "request", "");
  const formPrefix = sessionKeys.index(ws, "form", "");
  const personPrefix = sessionKeys.index(ws, "person", "");
  const added = { ...none };
  const missing = new Set<string>();
  unique.forEach((k, i) => {
    if (present[i]) return;
    if (k.startsWith(urlPrefix)) added.paths++;
    else if (k.startsWith(personPrefix)) added.persons++;
    else if (k.startsWith(requestPrefix) || k.startsWith(formPrefix)) missing.add(k);
    else added.eventNames++;
  });
  return {
    had: {
      paths: parseCount(`pathCount of session ${sid}`, counts[0]),
      eventNames: parseCount(`eventNameCount of session ${sid}`, counts[1]),
      requests: parseCount(`requestCount of session ${sid}`, counts[2]),
      forms: parseCount(`formCount of session ${sid}`, counts[3]),
      persons: parseCount(`personCount of session ${sid}`, counts[4]),
    },
    added,
    freshRequests: new Set(growth.requests.filter((sig) => missing.has(requestKey(sig)))),
    freshForms: new Set(growth.forms.filter((form) => missing.has(formKey(form)))),
  };
}

/**
 * What ingest needs to know about a session before storing a batch, in one read: the carry its
 * previous batch handed on (for signals that straddle batches) and the retention it was first
 * recorded under (its later chunks keep it).
 */
export async function sessionState(
  ws: string,
  sid: string,
  defaultRetentionDays: number,
  distinctId: string,
): Promise<SessionState> {
  const p = (await kv()).pipeline();
  const read = queueSessionState(p, ws, sid, defaultRetentionDays, distinctId);
  return read(await p.exec());
}

/**
 * Ingest's claim on a batch (lib/data/batch-claims) and its session's state, in one round trip:
 * the claim answers first whether the batch is new, a duplicate or a conflict.
 */
export async function claimWithState(
  id: BatchId,
  defaultRetentionDays: number,
  distinctId: string,
): Promise<{ claim: BatchClaim; state: SessionState }> {
  const p = (await kv()).pipeline();
  const readClaim = queueClaim(p, id);
  const readState = queueSessionState(p, id.ws, id.sessionId, defaultRetentionDays, distinctId);
  const replies = await p.exec();
  return { claim: readClaim(replies) ?? (await claimBatch(id)), state: readState(replies) };
}

export interface SessionState {
  carry: Carry;
  retentionDays: number;
  /** Who the session belonged to so far (null for a new session). */
  distinctId: string | null;
  /** The person the batch's distinct id was aliased to, if it was. */
  aliasOf: string | null;
}

/** sessionState's reads queued on a pipeline that carries others (ingest's claim); the reader takes its replies. */
export function queueSessionState(
  b: KvBatch,
  ws: string,
  sid: string,
  defaultRetentionDays: number,
  distinctId: string,
): (replies: unknown[]) => SessionState {
  const at = b.length;
  b.hmget(sessionKeys.session(ws, sid), ["carry", "retentionDays", "distinctId"]).get(
    personKeys.alias(ws, distinctId),
  );
  return (replies) => {
    const [carry, retention, previous] = replies[at] as (string | null)[];
    const alias = replies[at + 1] as string | null;
    // The carry only sharpens signals across a batch boundary: an unreadable one (logged) starts afresh.
    const [parsed = EMPTY_CARRY] = carry
      ? skipCorrupt(() => parseJsonRecord(storedCarry, `carry of session ${sid}`, carry), "ingest")
      : [];
    return {
      carry: parsed,
      retentionDays: retention
        ? parseOrCorrupt(storedRetentionDays, `retention of session ${sid}`, retention)
        : defaultRetentionDays,
      distinctId: previous ?? null,
      aliasOf: alias,
    };
  };
}

export interface BatchContext {
  workspaceId: string;
  sessionId: string;
  windowId?: string;
  distinctId: string;
  batchId: string;
  seq?: number;
  sdk?: string;
  device: Device;
  country: string;
  retentionDays: number;
  chunkKey: string;
  sizeBytes: number;
  /** Digest of the batch's content, kept with its done mark (lib/data/batch-claims); seeds have none. */
  digest?: string;
  /** Paths, event names, requests, forms and people new to the session (sessionIndexGrowth), for its per-session counts. */
  added?: IndexGrowthCounts;
}

/**
 * Applies one stored batch to the session's aggregates and indexes, and marks the batch done,
 * atomically. `held` says whether this request still holds the batch's claim: one that lost it
 * (stalled past its lease) leaves the batch to the request that took over.
 */
export async function applyBatch(
  c: BatchContext,
  s: BatchSummary,
  held: () => boolean = () => true,
): Promise<void> {
  const store = await kv();
  const ws = c.workspaceId;
  const sid = c.sessionId;
  const key = sessionKeys.session(ws, sid);
  const heat = s.heat
    ? await prepareHeatWrites(
        { ws, sid, chunkId: chunkIdOf(c.chunkKey), retentionDays: c.retentionDays },
        s.heat,
      )
    : null;
  const m = store.multi();
  m.zadd(sessionKeys.chunks(ws, sid), { score: s.firstTs, member: c.chunkKey }, { nx: true });
  const meta: ChunkMeta = {
    lastTs: s.lastTs,
    events: s.eventCount,
    full: s.hasFullSnapshot,
    seq: c.seq,
    window: c.windowId,
    bytes: c.sizeBytes,
  };
  if (s.canvasElements) meta.canvas = s.canvasElements;
  if (s.canvasFrames) meta.canvasFrames = s.canvasFrames;
  m.hset(sessionKeys.chunkMeta(ws, sid), { [chunkIdOf(c.chunkKey)]: JSON.stringify(meta) });
  if (s.checkpointTs !== null)
    m.zadd(
      sessionKeys.checkpoints(ws, sid),
      { score: s.checkpointTs, member: chunkIdOf(c.chunkKey) },
      { nx: true },
    );
  const counters: [string, number][] = [
    ["eventCount", s.eventCount],
    ["clickCount", s.clickCount],
    ["keypressCount", s.keypressCount],
    ["pageCount", s.pageCount],
    ["errorCount", s.errorCount],
    ["consoleLogCount", s.consoleLogCount],
    ["consoleWarnCount", s.consoleWarnCount],
    ["consoleErrorCount", s.consoleErrorCount],
    ["failedRequestCount", s.failedRequestCount],
    ["formSubmitCount", s.formSubmitCount],
    ["activeMs", s.activeMs],
    ["sizeBytes", c.sizeBytes],
    ["chunkCount", 1],
    ["pathCount", c.added?.paths ?? 0],
    ["eventNameCount", c.added?.eventNames ?? 0],
    ["requestCount", c.added?.requests ?? 0],
    ["formCount", c.added?.forms ?? 0],
    ["personCount", c.added?.persons ?? 0],
  ];
  for (const kind of ["rage", "dead", "thrash", "uturn", "errorclick"] as const) {
    counters.push([`${kind}Count`, s.signals.filter((sig) => sig.kind === kind).length]);
  }
  for (const [field, by] of counters) if (by) m.hincrby(key, field, by);
  if (c.sizeBytes) m.hincrby(sessionKeys.usage(ws), `bytes:${c.retentionDays}`, c.sizeBytes);
  const firstSeen: Record<string, string | number> = {
    distinctId: c.distinctId,
    browser: c.device.browser,
    os: c.device.os,
    device: c.device.device,
    country: c.country,
    retentionDays: c.retentionDays,
    sdkVersion: c.sdk ?? "unknown",
  };
  if (s.pages[0]) firstSeen.firstUrl = s.pages[0].url;
  if (s.viewport) firstSeen.viewport = s.viewport;
  // The facts the session's sentence is told from (lib/replay/session-sentence.ts).
  if (s.referrer) firstSeen.referrer = s.referrer;
  const error = s.events.find((e) => e.name === "$exception");
  if (error) {
    firstSeen.firstError = String(error.props.message ?? "an error").slice(0, 160);
    if (error.url) firstSeen.firstErrorPath = pathOf(error.url);
  }
  const rage = s.signals.find((sig) => sig.kind === "rage");
  if (rage?.url) firstSeen.firstRagePath = pathOf(rage.url);
  // Only from the batch that found the first rage click, so the label and the page go together.
  // An empty label (the batch could not name the element) still takes the slot.
  if (rage) firstSeen.firstRageLabel = s.heat?.rageLabel ?? heat?.rageLabel ?? "";
  const top = topCustomEvents(s.carry.customEvents);
  if (top.length)
    m.hset(key, { topEvents: new URLSearchParams(top.map(([name, n]) => [name, String(n)])).toString() });
  const lastPage = s.pages.at(-1);
  if (lastPage) m.hset(key, { lastPath: pathOf(lastPage.url) });
  // Bounded however long a crafted batch claims to span: the sparkline is a sketch.
  for (const [minute, count] of s.activity.slice(0, ACTIVITY_MINUTES_PER_BATCH)) {
    m.hincrby(sessionKeys.activity(ws, sid), String(minute), count);
  }
  for (const [field, value] of Object.entries(firstSeen)) m.hsetnx(key, field, value);
  // Time to first interaction: the earliest view and interaction of any batch, in whatever order
  // they arrive; interactionMs is worked out from both after the MULTI (writeSortIndexes).
  const marks: { score: number; member: string }[] = [];
  if (s.firstViewAt !== null) marks.push({ score: s.firstViewAt, member: "view" });
  if (s.firstInteractionAt !== null) marks.push({ score: s.firstInteractionAt, member: "interaction" });
  if (marks.length) m.zadd(sessionKeys.marks(ws, sid), marks, { lt: true });
  if (s.hasFullSnapshot) m.hset(key, { hasFullSnapshot: 1 });
  queueVitalWrites(m, ws, sid, s.vitals);
  const poorVitals = s.vitals.some((v) => v.rating === "poor");
  if (poorVitals) m.hset(key, { poorVitals: 1 });
  m.hset(key, { carry: JSON.stringify(s.carry) });
  const person = s.identified?.distinctId ?? c.distinctId;
  if (s.identified) m.hset(key, { distinctId: person });
  queuePersonWrites(m, {
    ws,
    distinctId: person,
    firstTs: s.firstTs,
    lastTs: s.lastTs,
    properties: s.identified ? storableProperties(s.identified.properties) : undefined,
  });
  if (s.events.length) {
    queueEventWrites(m, { ws, sessionId: sid, distinctId: person, batchId: c.batchId, events: s.events });
  }
  if (s.pages.length)
    m.sadd(
      sessionKeys.urls(ws, sid),
      s.pages.map((p) => p.url),
    );
  if (s.requests.length) {
    // Each distinct request with the longest it took: GT keeps the longest whatever the batch order.
    m.zadd(
      sessionKeys.requests(ws, sid),
      s.requests.map((r) => ({ score: r.maxMs, member: requestSignature(r) })),
      { gt: true },
    );
  }
  if (s.signals.length) {
    m.zadd(
      sessionKeys.signals(ws, sid),
      s.signals.map((sig: Signal) => ({
        score: sig.at,
        member: JSON.stringify({ ...sig, batch: c.batchId }),
      })),
    );
  }
  m.zadd(sessionKeys.started(ws), { score: s.firstTs, member: sid }, { lt: true });
  m.zadd(sessionKeys.ended(ws), { score: s.lastTs, member: sid }, { gt: true });

  const facets: [Facet, string][] = [
    ["person", person],
    ["browser", c.device.browser],
    ["os", c.device.os],
    ["device", c.device.device],
    ["country", c.country],
    ...s.pages.map((p): [Facet, string] => ["url", pathOf(p.url)]),
    ...s.eventNames.map((n): [Facet, string] => ["event", n]),
    ...[...new Set(s.signals.map((sig) => sig.kind))].map((k): [Facet, string] => ["signal", k]),
    ...[...new Set(s.requests.flatMap(requestIndexValues))].map((v): [Facet, string] => ["request", v]),
    ...slowBuckets(Math.max(0, ...s.requests.map((r) => r.maxMs))).map((b): [Facet, string] => [
      "slow",
      String(b),
    ]),
  ];
  if (s.errorCount) facets.push(["has", "errors"]);
  if (s.consoleErrorCount) facets.push(["has", "console_errors"]);
  if (s.vitals.length) facets.push(["has", "vitals"]);
  if (poorVitals) facets.push(["has", "poor_vitals"]);
  if (s.formSubmitCount) facets.push(["has", "form_submit"]);
  for (const form of s.forms) facets.push(["form", form]);
  const indexKeys = [
    ...facets.map(([facet, value]) => sessionKeys.index(ws, facet, value)),
    sessionKeys.retention(ws, c.retentionDays),
  ];
  m.sadd(sessionKeys.retentionClasses(ws), String(c.retentionDays));
  queueCatalogAdd(
    m,
    urlIndexCatalog(ws),
    s.pages.map((p) => indexValue(pathOf(p.url))),
  );
  for (const facet of PICKED_FACETS) {
    const value = facet === "country" ? c.country : c.device[facet];
    queueCatalogAdd(m, facetValueCatalog(ws, facet), [indexValue(value)]);
  }
  queueCatalogAdd(
    m,
    requestCatalog(ws),
    s.requests.map((r) => indexValue(`${r.method} ${r.path}`)),
  );
  queueCatalogAdd(m, formCatalog(ws), s.forms.map(indexValue));
  for (const k of indexKeys) m.zadd(k, { score: s.firstTs, member: sid }, { lt: true });
  m.sadd(sessionKeys.indexed(ws, sid), indexKeys);
  const heatAdded = heat?.queue(m);
  queueBatchDone(m, { ws, sessionId: sid, batchId: c.batchId, digest: c.digest ?? "" });
  if (!held()) {
    throw new Busy("This batch was taken over by another request; retry shortly.", 1);
  }
  // The sort indexes' inputs are read in the same MULTI, after its writes: one round trip fewer.
  const writes = m.length;
  queueSortReads(m, ws, sid, person);
  const replies = await m.exec();
  await heatAdded?.(replies);
  const sortReads = replies.slice(writes) as SortReads;
  // The rollup's refresh comes last: it reads what the steps above wrote (interactionMs, lcpLoads).
  if (s.vitals.length) {
    await writeSortIndexes(ws, sid, person, sortReads);
    await refreshVitalFields(ws, sid);
    await refreshRollupQuietly(ws, sid);
  } else {
    // Its lease and reads ride after the sort-index writes: one round trip fewer.
    await writeSortIndexes(ws, sid, person, sortReads, (p) => queueRollupRefresh(p, ws, sid));
  }
}

/**
 * The sort indexes hold values derived from several fields. Every value only grows, so ZADD GT
 * keeps them right even when two batches of one session finish in either order.
 */
export async function refreshSortIndexes(ws: string, sid: string, person?: string): Promise<void> {
  const reads = await queueSortReads((await kv()).pipeline(), ws, sid, person).exec<SortReads>();
  await writeSortIndexes(ws, sid, person, reads);
}

type SortReads = [(string | null)[], number | null, number | null, number, number | null, number | null];

function queueSortReads(b: KvBatch, ws: string, sid: string, person?: string): KvBatch {
  return b
    .hmget(sessionKeys.session(ws, sid), [
      "activeMs",
      "pageCount",
      "errorCount",
      "rageCount",
      "deadCount",
      "thrashCount",
      "uturnCount",
      "errorclickCount",
    ])
    .zscore(sessionKeys.started(ws), sid)
    .zscore(sessionKeys.ended(ws), sid)
    .zcard(sessionKeys.index(ws, "person", person ?? ""))
    .zscore(sessionKeys.marks(ws, sid), "view")
    .zscore(sessionKeys.marks(ws, sid), "interaction");
}

async function writeSortIndexes(
  ws: string,
  sid: string,
  person: string | undefined,
  [fields, start, end, personSessions, viewAt, interactionAt]: SortReads,
  /** More to send in the same round trip, after these writes; finished with its replies. */
  after?: (p: KvBatch) => { finish(replies: unknown[]): Promise<void> },
): Promise<void> {
  const store = await kv();
  const n = (i: number) => parseCount(`session ${sid}`, fields[i]);
  const values: Record<SortDimension, number> = {
    duration: start !== null && end !== null ? end - start : 0,
    active: n(0),
    pages: n(1),
    errors: n(2),
    signals: n(3) + n(4) + n(5) + n(6) + n(7),
  };
  const p = store.pipeline();
  for (const dim of Object.keys(values) as SortDimension[]) {
    p.zadd(sessionKeys.by(ws, dim), { score: values[dim], member: sid }, { gt: true });
  }
  if (person) queueSessionCount(p, ws, person, personSessions);
  if (viewAt !== null && interactionAt !== null) {
    // An interaction recorded before the page was on screen counts as at once.
    p.hset(sessionKeys.session(ws, sid), { interactionMs: Math.max(0, interactionAt - viewAt) });
  }
  const then = after?.(p);
  const replies = await p.exec<unknown[]>();
  await then?.finish(replies);
}

export interface SessionRecord {
  id: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  fields: SessionFields;
  chunkCount: number;
}

/** One session, or null when it has not been recorded; Corrupt when its hash breaks the schema. */
export async function getSession(ws: string, sid: string): Promise<SessionRecord | null> {
  const store = await kv();
  const replies = await queueSessionRead(store.pipeline(), ws, sid).exec<SessionReads>();
  return toSessionRecord(sid, replies);
}

/** Many sessions in one pipeline, in the order asked; missing ones and unreadable ones (logged) are left out. */
export async function getSessions(ws: string, ids: string[]): Promise<SessionRecord[]> {
  if (ids.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const sid of ids) queueSessionRead(p, ws, sid);
  const replies = await p.exec<unknown[]>();
  return ids.flatMap((sid, i) => {
    const reads = replies.slice(i * 4, i * 4 + 4) as SessionReads;
    return skipCorrupt(() => toSessionRecord(sid, reads), "sessions").flatMap((r) => (r ? [r] : []));
  });
}

type SessionReads = [Record<string, string>, number | null, number | null, number];

function queueSessionRead(b: KvBatch, ws: string, sid: string): KvBatch {
  return b
    .hgetall(sessionKeys.session(ws, sid))
    .zscore(sessionKeys.started(ws), sid)
    .zscore(sessionKeys.ended(ws), sid)
    .zcard(sessionKeys.chunks(ws, sid));
}

function toSessionRecord(sid: string, [hash, start, end, chunks]: SessionReads): SessionRecord | null {
  if (start === null || !hash.distinctId) return null;
  const endedAt = end ?? start;
  return {
    id: sid,
    startedAt: start,
    endedAt,
    durationMs: endedAt - start,
    fields: parseSessionFields(sid, hash),
    chunkCount: chunks,
  };
}

/** The facts that place sessions (person, start, device, country) for many sessions in one pipeline. */
export async function sessionFacts(
  ws: string,
  ids: string[],
): Promise<Map<string, { distinctId: string; startedAt: number; fields: SessionPlacing }>> {
  if (ids.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const sid of ids)
    p.hmget(sessionKeys.session(ws, sid), [...PLACING_FIELDS]).zscore(sessionKeys.started(ws), sid);
  const r = await p.exec<unknown[]>();
  const out = new Map<string, { distinctId: string; startedAt: number; fields: SessionPlacing }>();
  ids.forEach((sid, i) => {
    const values = r[i * 2] as (string | null)[];
    const startedAt = r[i * 2 + 1] as number | null;
    if (!values[0] || startedAt === null) return;
    for (const fields of skipCorrupt(() => parseSessionPlacing(sid, values), "session facts")) {
      out.set(sid, { distinctId: fields.distinctId, startedAt, fields });
    }
  });
  return out;
}

export async function listChunkKeys(ws: string, sid: string): Promise<string[]> {
  return (await kv()).zrange(sessionKeys.chunks(ws, sid), { by: "score", min: "-inf", max: "+inf" });
}

/** One entry of the chunk manifest the player plans its loading from. */
export interface ChunkInfo {
  id: string;
  firstTs: number;
  lastTs: number;
  events: number | null;
  /** null for chunks stored before ingest noted it: the player then has to look. */
  full: boolean | null;
  seq: number | null;
  window: string | null;
  bytes: number | null;
  /** <canvas> elements and canvas frames in the chunk (0 also for chunks stored before ingest counted them). */
  canvas: number;
  canvasFrames: number;
  /** When the chunk's first full snapshot was taken (the checkpoint index); null when it has none or predates the index. */
  checkpointAt: number | null;
}

/** The session's checkpoints in time order: when a full snapshot was taken, and the chunk holding it. */
export async function checkpointIndex(ws: string, sid: string): Promise<{ at: number; chunkId: string }[]> {
  const scored = await (await kv()).zrangeWithScores(sessionKeys.checkpoints(ws, sid), {
    by: "score",
    min: "-inf",
    max: "+inf",
  });
  return scored.map(({ member, score }) => ({ at: score, chunkId: member }));
}

/** The session's chunks in time order, with what ingest noted about each. */
export async function chunkManifest(ws: string, sid: string): Promise<ChunkInfo[]> {
  const store = await kv();
  const [scored, meta, checkpoints] = await store
    .pipeline()
    .zrangeWithScores(sessionKeys.chunks(ws, sid), { by: "score", min: "-inf", max: "+inf" })
    .hgetall(sessionKeys.chunkMeta(ws, sid))
    .zrangeWithScores(sessionKeys.checkpoints(ws, sid), { by: "score", min: "-inf", max: "+inf" })
    .exec<
      [{ member: string; score: number }[], Record<string, string>, { member: string; score: number }[]]
    >();
  const checkpointOf = new Map(checkpoints.map(({ member, score }) => [member, score]));
  return scored.map(({ member, score }, i) => {
    const id = chunkIdOf(member);
    const raw = meta[id];
    const [m = {}]: Partial<ChunkMeta>[] = raw
      ? skipCorrupt(() => parseJsonRecord(storedChunkMeta, `note on chunk ${id}`, raw), "chunk manifest")
      : [];
    return {
      id,
      firstTs: score,
      lastTs: m.lastTs ?? scored[i + 1]?.score ?? score,
      events: m.events ?? null,
      full: m.full ?? null,
      seq: m.seq ?? null,
      window: m.window ?? null,
      bytes: m.bytes ?? null,
      canvas: m.canvas ?? 0,
      canvasFrames: m.canvasFrames ?? 0,
      checkpointAt: checkpointOf.get(id) ?? null,
    };
  });
}

/** The blob key of one chunk of this session, or null when the session has no such chunk. */
export async function chunkBlobKey(ws: string, sid: string, chunkId: string): Promise<string | null> {
  // The id starts with the chunk's first timestamp, its score: one score's members, not the whole
  // zset (a seek fetches dozens of chunks of a session that may have thousands).
  const firstTs = Number(chunkId.slice(0, chunkId.indexOf("-")));
  if (!Number.isSafeInteger(firstTs)) return null;
  const keys = await (await kv()).zrange(sessionKeys.chunks(ws, sid), {
    by: "score",
    min: firstTs,
    max: { exclusive: firstTs + 1 },
  });
  return keys.find((k) => chunkIdOf(k) === chunkId) ?? null;
}

/**
 * Removes a session from every index and playlist and deletes its chunks, events, comments, tags
 * and watched marks.
 * Blobs go first, so an interrupted delete leaves the session listed and a retry finishes it.
 */
export async function deleteSession(ws: string, sid: string): Promise<boolean> {
  const store = await kv();
  const [start, chunkKeys, indexed, tags, [distinctId, sizeBytes, retentionDays], plans] = await store
    .pipeline()
    .zscore(sessionKeys.started(ws), sid)
    .zrange(sessionKeys.chunks(ws, sid), { by: "rank", start: 0, stop: -1 })
    .smembers(sessionKeys.indexed(ws, sid))
    .smembers(sessionKeys.tags(ws, sid))
    .hmget(sessionKeys.session(ws, sid), ["distinctId", "sizeBytes", "retentionDays"])
    .smembers(sessionKeys.searchPlans(ws))
    .exec<[number | null, string[], string[], string[], (string | null)[], string[]]>();
  // Its share links end first and for good: a session id the SDK sends again must not revive them.
  await revokeSharesOf(ws, { kind: "recording", targetId: sid });
  const [events, playlists] = await Promise.all([sessionEventMembers(ws, sid), playlistIds(ws)]);
  if (start === null && chunkKeys.length === 0 && events.length === 0) return false;
  await deleteChunks(chunkKeys);
  const heatCleanup = await sessionHeatCleanup(ws, sid);
  // Sessions stored before ingest kept the list of their index keys need a look at all of them.
  const indexKeys = indexed.length ? indexed : await store.scan(`{w:${ws}}:ix:`);
  const m = store.multi();
  for (const k of [
    ...indexKeys,
    ...plans,
    sessionKeys.started(ws),
    sessionKeys.ended(ws),
    ...SORTS.map((dim) => sessionKeys.by(ws, dim)),
  ])
    m.zrem(k, sid);
  for (const t of tags) m.hincrby(sessionKeys.tagCounts(ws), t, -1);
  // A deletion goes through whatever the hash holds: an unreadable size (logged) is not subtracted.
  const [size = 0] = skipCorrupt(() => parseCount(`sizeBytes of session ${sid}`, sizeBytes), "deletion");
  if (size > 0 && retentionDays) m.hincrby(sessionKeys.usage(ws), `bytes:${retentionDays}`, -size);
  queueEventDeletes(m, { ws, sessionId: sid, distinctId: distinctId ?? undefined, members: events });
  queuePlaylistRemovals(m, ws, sid, playlists);
  m.del([
    sessionKeys.session(ws, sid),
    sessionKeys.chunks(ws, sid),
    sessionKeys.chunkMeta(ws, sid),
    sessionKeys.checkpoints(ws, sid),
    sessionKeys.refused(ws, sid),
    sessionKeys.signals(ws, sid),
    sessionKeys.requests(ws, sid),
    sessionKeys.urls(ws, sid),
    sessionKeys.indexed(ws, sid),
    sessionKeys.comments(ws, sid),
    sessionKeys.tags(ws, sid),
    sessionKeys.issues(ws, sid),
    sessionKeys.watched(ws, sid),
    sessionKeys.activity(ws, sid),
    sessionKeys.vitals(ws, sid),
    sessionKeys.marks(ws, sid),
  ]);
  heatCleanup(m);
  await m.exec();
  // With the session gone its contribution works out as nothing: what it added is taken back.
  await refreshRollupQuietly(ws, sid);
  if (distinctId) {
    // A person is known only through recordings: with the last one goes the person.
    const left = await store.zcard(sessionKeys.index(ws, "person", distinctId));
    if (left === 0) await forgetPerson(ws, distinctId);
    else {
      const p = store.pipeline();
      queueSessionCount(p, ws, distinctId, left);
      await p.exec();
    }
  }
  return true;
}

export async function listSignals(ws: string, sid: string): Promise<(Signal & { batch: string })[]> {
  const raw = await (await kv()).zrange(sessionKeys.signals(ws, sid), {
    by: "score",
    min: "-inf",
    max: "+inf",
  });
  return raw.flatMap((r) =>
    skipCorrupt(() => parseJsonRecord(storedSignal, `signal of session ${sid}`, r), "signals"),
  );
}

/** The newest sessions first, for the recordings list until the query engine arrives. */
export async function recentSessionIds(ws: string, count: number): Promise<string[]> {
  return (await kv()).zrange(sessionKeys.started(ws), {
    by: "score",
    min: "-inf",
    max: "+inf",
    rev: true,
    count,
  });
}

/** Stored chunk bytes per retention class (days), from the counters ingest and deletion keep. */
export async function storedBytesByRetention(
  ws: string,
): Promise<{ retentionDays: number; bytes: number }[]> {
  const raw = await (await kv()).hgetall(sessionKeys.usage(ws));
  return Object.entries(raw)
    .flatMap(([field, v]) => {
      const m = /^bytes:(\d+)$/.exec(field);
      if (!m) return [];
      const [bytes = 0] = skipCorrupt(
        () => parseOrCorrupt(stored.int, `usage ${field} of ${ws}`, v),
        "usage",
      );
      return bytes > 0 ? [{ retentionDays: Number(m[1]), bytes }] : [];
    })
    .sort((a, b) => a.retentionDays - b.retentionDays);
}

/** Sessions started in each [from, to) window, in one pipeline. */
export async function sessionsStartedIn(ws: string, windows: [number, number][]): Promise<number[]> {
  if (windows.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const [from, to] of windows) p.zcount(sessionKeys.started(ws), from, { exclusive: to });
  return p.exec<number[]>();
}

/** The retention classes (days) this workspace has sessions in. */
export async function retentionClassesOf(ws: string): Promise<number[]> {
  const raw = await (await kv()).smembers(sessionKeys.retentionClasses(ws));
  return raw
    .map(Number)
    .filter((d) => Number.isInteger(d) && d > 0)
    .sort((a, b) => a - b);
}

/** Up to `limit` sessions of one retention class that started before `cutoff`, oldest first. */
export async function sessionsStartedBefore(
  ws: string,
  days: number,
  cutoff: number,
  limit: number,
): Promise<string[]> {
  return (await kv()).zrange(sessionKeys.retention(ws, days), {
    by: "score",
    min: "-inf",
    max: { exclusive: cutoff },
    count: limit,
  });
}

/** How many sessions of each class started before its cutoff, in one pipeline. */
export async function countStartedBefore(ws: string, cutoffs: { days: number; cutoff: number }[]) {
  if (cutoffs.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const c of cutoffs) p.zcount(sessionKeys.retention(ws, c.days), "-inf", { exclusive: c.cutoff });
  return p.exec<number[]>();
}

/**
 * Adds sessions stored before the retention index existed to it, once per workspace. Idempotent
 * (ZADD), so a crash half way only means the next call walks again.
 */
export async function ensureRetentionIndex(ws: string, defaultRetentionDays: number): Promise<void> {
  const store = await kv();
  if (await store.exists(sessionKeys.retentionIndexed(ws))) return;
  const PAGE = 5000;
  for (let start = 0; ; start += PAGE) {
    const page = await store.zrangeWithScores(sessionKeys.started(ws), {
      by: "rank",
      start,
      stop: start + PAGE - 1,
    });
    if (page.length === 0) break;
    const read = store.pipeline();
    for (const { member } of page) read.hget(sessionKeys.session(ws, member), "retentionDays");
    const days = await read.exec<(string | null)[]>();
    const m = store.multi();
    page.forEach(({ member, score }, i) => {
      const raw = days[i];
      const [d = defaultRetentionDays] = raw
        ? skipCorrupt(
            () => parseOrCorrupt(storedRetentionDays, `retention of session ${member}`, raw),
            "retention index",
          )
        : [];
      m.zadd(sessionKeys.retention(ws, d), { score, member });
      m.sadd(sessionKeys.indexed(ws, member), sessionKeys.retention(ws, d));
      m.sadd(sessionKeys.retentionClasses(ws), String(d));
    });
    await m.exec();
    if (page.length < PAGE) break;
  }
  await store.set(sessionKeys.retentionIndexed(ws), "1");
}

/** The url index keys, catalogued so a path prefix is one range read (lib/storage/key-catalog). */
function urlIndexCatalog(ws: string): KeyCatalog {
  return {
    catalog: sessionKeys.paths(ws),
    complete: sessionKeys.pathsCatalogued(ws),
    keyPrefix: sessionKeys.index(ws, "url", ""),
  };
}

/** The url index keys of every path starting with the prefix (case folded). */
export function urlIndexKeysUnder(ws: string, prefix: string): Promise<string[]> {
  return catalogKeys(urlIndexCatalog(ws), indexValue(prefix));
}

/** Catalogues url and picked-facet index keys stored before their catalogs existed (once per workspace). */
export async function ensurePathCatalog(ws: string): Promise<void> {
  await ensureCatalog(urlIndexCatalog(ws));
  for (const facet of PICKED_FACETS) await ensureCatalog(facetValueCatalog(ws, facet));
}

/** The index keys of one picked facet, catalogued so a picker lists the values present in one read. */
function facetValueCatalog(ws: string, facet: PickedFacet): KeyCatalog {
  return {
    catalog: sessionKeys.facetValues(ws, facet),
    complete: sessionKeys.facetValuesCatalogued(ws, facet),
    keyPrefix: sessionKeys.index(ws, facet, ""),
  };
}

/**
 * The request index keys, catalogued so the request picker lists what was recorded in one read.
 * Ingest adds only the "method path" values; keys stored before the catalog existed come in with
 * every value the request index has ("/api/cart 5xx", "5xx" …): readers keep the "method path" ones.
 */
function requestCatalog(ws: string): KeyCatalog {
  return {
    catalog: sessionKeys.requestValues(ws),
    complete: sessionKeys.requestValuesCatalogued(ws),
    keyPrefix: sessionKeys.index(ws, "request", ""),
  };
}

/** The form index keys, catalogued so the Forms menu lists the forms submitted in one read. */
function formCatalog(ws: string): KeyCatalog {
  return {
    catalog: sessionKeys.formValues(ws),
    complete: sessionKeys.formValuesCatalogued(ws),
    keyPrefix: sessionKeys.index(ws, "form", ""),
  };
}

/** The index keys of every form key submitted ("…:ix:form:checkout"). */
export function formIndexKeys(ws: string): Promise<string[]> {
  return catalogKeys(formCatalog(ws));
}

/** The request index keys of every recorded method and path ("…:ix:request:post /api/cart"). */
export async function requestIndexKeys(ws: string): Promise<string[]> {
  const prefix = sessionKeys.index(ws, "request", "");
  return (await catalogKeys(requestCatalog(ws))).filter((k) => /^[a-z]+ \/\S*$/.test(k.slice(prefix.length)));
}

export interface FacetValue {
  /** As the index key holds it: lowercase. */
  value: string;
  sessions: number;
}

/** The values of a picked facet that recordings have now ("unknown" left out), most sessions first. */
export async function facetValuesOf(ws: string, facet: PickedFacet): Promise<FacetValue[]> {
  const keys = await catalogKeys(facetValueCatalog(ws, facet));
  if (keys.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const key of keys) p.zcard(key);
  const counts = await p.exec<number[]>();
  const prefix = sessionKeys.index(ws, facet, "");
  return keys
    .map((key, i) => ({ value: key.slice(prefix.length), sessions: counts[i] ?? 0 }))
    .filter((v) => v.sessions > 0 && v.value !== "unknown" && v.value !== "")
    .sort((a, b) => b.sessions - a.sessions || a.value.localeCompare(b.value));
}

/** A new workspace has nothing stored before its indexes and catalogs: nothing to add to them later. */
export async function markNewWorkspaceIndexes(ws: string): Promise<void> {
  const m = (await kv()).multi();
  m.set(sessionKeys.retentionIndexed(ws), "1");
  queueCatalogComplete(m, urlIndexCatalog(ws));
  for (const facet of PICKED_FACETS) queueCatalogComplete(m, facetValueCatalog(ws, facet));
  queueCatalogComplete(m, requestCatalog(ws));
  queueCatalogComplete(m, formCatalog(ws));
  queueEventIndexesComplete(m, ws);
  queueRollupsComplete(m, ws);
  await m.exec();
}

/** Each session's input and pointer events per epoch minute, oldest first, in one pipeline. */
export async function activityOf(ws: string, ids: string[]): Promise<Map<string, [number, number][]>> {
  if (ids.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const sid of ids) p.hgetall(sessionKeys.activity(ws, sid));
  const rows = await p.exec<Record<string, string>[]>();
  return new Map(
    ids.map((sid, i) => [
      sid,
      Object.entries(rows[i] ?? {})
        .flatMap(([minute, count]) =>
          skipCorrupt(
            (): [number, number] => [Number(minute), parseCount(`activity of session ${sid}`, count)],
            "activity",
          ),
        )
        .filter(([minute, count]) => Number.isFinite(minute) && count > 0)
        .sort((a, b) => a[0] - b[0]),
    ]),
  );
}

/** Stored chunk bytes of each session (0 when unknown), in one pipeline. */
export async function storedBytesOf(ws: string, ids: string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const sid of ids) p.hget(sessionKeys.session(ws, sid), "sizeBytes");
  return (await p.exec<(string | null)[]>()).map(
    (v, i) => skipCorrupt(() => parseCount(`sizeBytes of session ${ids[i]}`, v), "stored bytes")[0] ?? 0,
  );
}

/** The newest sessions that viewed a page path, newest first. */
export async function recentSessionsOnPath(ws: string, path: string, count: number): Promise<string[]> {
  return (await kv()).zrange(sessionKeys.index(ws, "url", path), {
    by: "score",
    min: "-inf",
    max: "+inf",
    rev: true,
    count,
  });
}

/** Durations (ms) of the newest `count` sessions, for "what this means" lines in settings. */
export async function recentDurations(ws: string, count: number): Promise<number[]> {
  const ids = await recentSessionIds(ws, count);
  if (ids.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const sid of ids) p.zscore(sessionKeys.by(ws, "duration"), sid);
  return (await p.exec<(number | null)[]>()).map((d) => d ?? 0);
}

/** A distinct request of a session, with the longest any of its calls took. */
export type SessionRequest = RequestSummary;

/** Each session's distinct requests (what search checks `request:` against), in one pipeline. */
export async function requestsOf(ws: string, ids: string[]): Promise<Map<string, SessionRequest[]>> {
  if (ids.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const sid of ids)
    p.zrangeWithScores(sessionKeys.requests(ws, sid), { by: "rank", start: 0, stop: -1 });
  const rows = await p.exec<{ member: string; score: number }[][]>();
  return new Map(
    ids.map((sid, i) => [
      sid,
      (rows[i] ?? []).flatMap(({ member, score }) => {
        const r = parseSignature(member);
        return r ? [{ ...r, maxMs: score }] : [];
      }),
    ]),
  );
}

/** Custom events shown in a session's sentence: the most sent, at most three. */
const TOP_EVENTS = 3;

function topCustomEvents(counts: Record<string, number> | undefined): [string, number][] {
  return Object.entries(counts ?? {})
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_EVENTS);
}

import {
  type RequestSummary,
  requestMethod,
  requestPathOf,
  requestSignature,
  statusClass,
} from "@/lib/captured-requests";
import { topFrame } from "@/lib/errors/fingerprint";
import { FORM_EVENT, formKeys } from "@/lib/forms";
import { type CanvasCount, countCanvas } from "./canvas";
import type { BatchHeat, HeatCarry } from "./heat";
import {
  CLICK_PLUGIN,
  FORM_PLUGIN,
  type PageVital,
  readClickOffset,
  readFormSubmit,
  readVital,
  VITALS_PLUGIN,
} from "./page-signals";
import { EventType, IncrementalSource, MouseInteractions, type RrwebEvent } from "./schema";

/** Thresholds of the UX signals; per-workspace settings start from these defaults. */
export interface Thresholds {
  rageClicks: number;
  rageWindowMs: number;
  rageRadiusPx: number;
  deadClickMs: number;
  thrashReversals: number;
  thrashWindowMs: number;
  uturnMs: number;
  errorClickMs: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  rageClicks: 3,
  rageWindowMs: 1000,
  rageRadiusPx: 30,
  deadClickMs: 2500,
  thrashReversals: 5,
  thrashWindowMs: 1000,
  uturnMs: 5000,
  errorClickMs: 1000,
};

export const SIGNAL_KINDS = ["rage", "dead", "thrash", "uturn", "errorclick"] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface Signal {
  kind: SignalKind;
  at: number;
  x?: number;
  y?: number;
  url?: string;
  count?: number;
}

/** One event as the events store keeps it; `props` values are strings, numbers or booleans. */
export interface CapturedEvent {
  name: string;
  at: number;
  url?: string;
  props: Record<string, string | number | boolean>;
}

export interface BatchSummary extends CanvasCount {
  firstTs: number;
  lastTs: number;
  eventCount: number;
  clickCount: number;
  keypressCount: number;
  pageCount: number;
  errorCount: number;
  consoleLogCount: number;
  consoleWarnCount: number;
  consoleErrorCount: number;
  failedRequestCount: number;
  activeMs: number;
  /** Page URLs in the order they were viewed. */
  pages: { url: string; at: number }[];
  viewport: string | null;
  hasFullSnapshot: boolean;
  /** When the batch's first full snapshot was taken: a point the player can start replaying from. */
  checkpointTs: number | null;
  /** Names of custom events (not $-prefixed ones), for the "performed event" filter. */
  eventNames: string[];
  identified: { distinctId: string; anonymousId?: string; properties: Record<string, unknown> } | null;
  /** Page views, custom events and exceptions, for the events store (funnels, person timelines). */
  events: CapturedEvent[];
  signals: Signal[];
  /** Web Vitals of the page loads the batch reports (lib/ingest/page-signals.ts). */
  vitals: PageVital[];
  /** Form submissions ("$form_submit" events) and the forms submitted (lib/forms.ts keys). */
  formSubmitCount: number;
  forms: string[];
  /** The host that sent the visitor to the first page of the batch, when another site did. */
  referrer: string | null;
  /** Input and pointer events per minute (epoch minute, count): the list's activity sparkline. */
  activity: [number, number][];
  /**
   * The distinct requests network capture saw (method, normalised path, status class), each with
   * its longest duration, in the order first seen; at most REQUESTS_INDEXED_PER_BATCH of them.
   */
  requests: RequestSummary[];
  /** The batch's first full snapshot or page view, and its first click, input or scroll (interactionMarks). */
  firstViewAt: number | null;
  firstInteractionAt: number | null;
  /** What the next batch of the session needs to judge signals that straddle the boundary. */
  carry: Carry;
  /** What the batch adds to the heatmaps (lib/ingest/heat.ts), set by ingest after summarizing. */
  heat?: BatchHeat;
}

/**
 * Signals can straddle batches (a rage burst split by a flush, a dead click whose wait ends in the
 * next batch), so each batch hands the recent clicks, reactions and pages on to the next one.
 */
export interface Carry {
  lastTs: number;
  clicks: Click[];
  reactions: number[];
  pages: { url: string; at: number }[];
  /** Clicks up to here belong to a reported rage burst. */
  ragedUntil: number;
  /** Clicks up to here were judged dead or alive. */
  judgedUntil: number;
  /** Times of recent clicks inside a reported rage burst: never also dead. (Absent in older carries.) */
  ragedClicks?: number[];
  /** Times of recent exceptions and failed requests: the click that set one off is not dead. */
  failures?: number[];
  /** Where the last activity window ends, so a window spanning two batches counts once. */
  activeUntil?: number;
  /** Scroll position, viewport and recent clicks for the heatmaps (lib/ingest/heat.ts). */
  heat?: HeatCarry;
  /**
   * Custom events so far by name, for the session's sentence: the first CUSTOM_EVENT_NAMES_COUNTED
   * names the session sent, each with every time it was sent. (Absent in older carries.)
   */
  customEvents?: Record<string, number>;
}

/** Custom event names a session's carry counts: enough for a sentence, bounded however many a site sends. */
export const CUSTOM_EVENT_NAMES_COUNTED = 8;

export const EMPTY_CARRY: Carry = {
  lastTs: 0,
  clicks: [],
  reactions: [],
  pages: [],
  ragedUntil: 0,
  judgedUntil: 0,
};

/**
 * Each input or pointer event (click, key, scroll, mouse or touch move) makes the next 5 s active:
 * a visitor reading after a click is engaged; one idle for longer is not. Active time is the union
 * of those windows, so a session with a click every 20 s is not "1 % active".
 */
const ACTIVE_WINDOW_MS = 5000;

export interface Click {
  at: number;
  x: number;
  y: number;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" ? (v as Record<string, unknown>) : {};

/** An http(s) page address without query and fragment; a page view's longer URL refuses its batch (urlChars). */
function pageUrl(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 2048) return null;
  try {
    const u = new URL(raw);
    return u.protocol === "http:" || u.protocol === "https:" ? `${u.origin}${u.pathname}` : null;
  } catch {
    return null;
  }
}

/** The referrer's host when it is another site than the page's ("google.com"), else null. */
function externalHost(referrer: unknown, pageUrl: string): string | null {
  if (typeof referrer !== "string" || !referrer || referrer.length > 2048) return null;
  try {
    const from = new URL(referrer);
    if (from.protocol !== "http:" && from.protocol !== "https:") return null;
    const host = from.hostname.replace(/^www\./, "").slice(0, 100);
    return host && host !== new URL(pageUrl).hostname.replace(/^www\./, "") ? host : null;
  } catch {
    return null;
  }
}

/** Sorted times → [epoch minute, how many] runs. */
function perMinute(times: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const at of times) {
    const minute = Math.floor(at / 60_000);
    const last = out.at(-1);
    if (last && last[0] === minute) last[1]++;
    else out.push([minute, 1]);
  }
  return out;
}

/** A summary with nothing counted yet, for a batch spanning `firstTs` to `lastTs`. */
export function emptySummary(firstTs: number, lastTs: number): BatchSummary {
  return {
    firstTs,
    lastTs,
    eventCount: 0,
    clickCount: 0,
    keypressCount: 0,
    pageCount: 0,
    errorCount: 0,
    consoleLogCount: 0,
    consoleWarnCount: 0,
    consoleErrorCount: 0,
    failedRequestCount: 0,
    activeMs: 0,
    pages: [],
    viewport: null,
    hasFullSnapshot: false,
    checkpointTs: null,
    canvasElements: 0,
    referrer: null,
    activity: [],
    requests: [],
    canvasFrames: 0,
    eventNames: [],
    identified: null,
    events: [],
    signals: [],
    vitals: [],
    formSubmitCount: 0,
    forms: [],
    firstViewAt: null,
    firstInteractionAt: null,
    carry: EMPTY_CARRY,
  };
}

/**
 * Time to first interaction is measured from the session's first full snapshot or page view (the
 * page is on screen) to its first click, tap, input or scroll. A batch reports the first of each it
 * holds; the session keeps the earliest of each whatever order its batches arrive in
 * (lib/data/sessions.ts), so only the batch holding the true first one decides it.
 */
export function interactionMarks(sorted: RrwebEvent[]): { view: number | null; interaction: number | null } {
  let view: number | null = null;
  let interaction: number | null = null;
  for (const e of sorted) {
    if (view === null) {
      if (e.type === EventType.FullSnapshot) view = e.timestamp;
      else if (e.type === EventType.Custom && e.data.tag === "$pageview") view = e.timestamp;
    }
    if (interaction === null && e.type === EventType.IncrementalSnapshot) {
      const source = num(e.data.source);
      const kind = num(e.data.type);
      const clicked =
        source === IncrementalSource.MouseInteraction &&
        (kind === MouseInteractions.Click || kind === MouseInteractions.TouchEnd);
      if (clicked || source === IncrementalSource.Input || source === IncrementalSource.Scroll)
        interaction = e.timestamp;
    }
    if (view !== null && interaction !== null) break;
  }
  return { view, interaction };
}

/**
 * Distinct requests (method, normalised path, status class) one batch indexes; later ones are still
 * stored and replayed, only not searchable. A page polling one endpoint is one request, so this
 * bounds what a crafted batch adds to the indexes, not what a real page does.
 */
export const REQUESTS_INDEXED_PER_BATCH = 200;

/** Event properties as stored: scalars kept (strings up to 500 characters), at most 50 of them. */
function flatProps(props: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(props).slice(0, 50)) {
    if (!k || k.length > 100) continue;
    if (typeof v === "string") out[k] = v.slice(0, 500);
    else if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean") out[k] = v;
  }
  return out;
}

/** Aggregates and UX signals of one batch, from its rrweb events alone. */
export function summarizeBatch(
  events: RrwebEvent[],
  t: Thresholds = DEFAULT_THRESHOLDS,
  carry: Carry = EMPTY_CARRY,
): BatchSummary {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const s = emptySummary(sorted[0]?.timestamp ?? 0, sorted.at(-1)?.timestamp ?? 0);
  s.eventCount = events.length;
  const clicks: Click[] = [];
  const activity: number[] = [];
  const reactions: number[] = []; // mutations, scrolls, inputs, navigations: what a live click causes
  const failures: number[] = []; // exceptions and failed requests
  const moves: { at: number; x: number }[] = [];
  let currentUrl: string | undefined;
  const names = new Set<string>();
  // Form keys seen, so a batch of many submissions finds each key in constant time.
  const formsSeen = new Set<string>();
  // A null prototype: an event named "constructor" or "__proto__" is a name like any other.
  const customEvents: Record<string, number> = Object.assign(Object.create(null), carry.customEvents);
  const requests = new Map<string, RequestSummary>();
  // Every one is kept: the caps (lib/ingest/limits.ts) refuse a batch with too many, never trim it.
  const capture = (name: string, at: number, props: Record<string, unknown>, url = currentUrl) => {
    s.events.push({ name, at, url, props: flatProps(props) });
  };

  for (const e of sorted) {
    const data = e.data;
    if (e.type === EventType.FullSnapshot) {
      s.hasFullSnapshot = true;
      s.checkpointTs ??= e.timestamp;
    }
    if (e.type === EventType.Meta) {
      const w = num(data.width);
      const h = num(data.height);
      if (w && h) s.viewport = `${Math.round(w)}x${Math.round(h)}`;
      currentUrl = pageUrl(data.href) ?? currentUrl;
    }
    if (e.type === EventType.IncrementalSnapshot) {
      const source = num(data.source);
      if (source === IncrementalSource.MouseInteraction) {
        const kind = num(data.type);
        if (kind === MouseInteractions.Click || kind === MouseInteractions.TouchEnd) {
          if (kind === MouseInteractions.Click) s.clickCount++;
          clicks.push({ at: e.timestamp, x: num(data.x) ?? 0, y: num(data.y) ?? 0 });
        }
        activity.push(e.timestamp);
      } else if (source === IncrementalSource.MouseMove || source === IncrementalSource.TouchMove) {
        activity.push(e.timestamp);
        for (const p of Array.isArray(data.positions) ? data.positions : []) {
          const pos = obj(p);
          const x = num(pos.x);
          if (x !== undefined) moves.push({ at: e.timestamp + (num(pos.timeOffset) ?? 0), x });
        }
      } else if (source === IncrementalSource.Input) {
        s.keypressCount++;
        activity.push(e.timestamp);
        reactions.push(e.timestamp);
      } else if (source === IncrementalSource.Scroll) {
        activity.push(e.timestamp);
        reactions.push(e.timestamp);
      } else if (source === IncrementalSource.Mutation) {
        reactions.push(e.timestamp);
      }
    }
    if (e.type === EventType.Custom) {
      const tag = typeof data.tag === "string" ? data.tag : "";
      const payload = obj(data.payload);
      if (tag === "$pageview") {
        const url = pageUrl(payload.url);
        if (url) {
          if (s.pageCount === 0) s.referrer = externalHost(payload.referrer, url);
          s.pageCount++;
          s.pages.push({ url, at: e.timestamp });
          currentUrl = url;
          reactions.push(e.timestamp);
          capture("$pageview", e.timestamp, { title: payload.title, loadMs: payload.loadMs }, url);
        }
      } else if (tag === "$exception") {
        s.errorCount++;
        failures.push(e.timestamp);
        capture("$exception", e.timestamp, {
          message: payload.message,
          source: payload.source,
          // Where in the code: with the message, what groups occurrences in the errors view.
          frame: topFrame(payload.stack),
        });
      } else if (tag === "$identify") {
        const distinctId = typeof payload.distinctId === "string" ? payload.distinctId.slice(0, 200) : "";
        const anonymousId =
          typeof payload.anonymousId === "string" && payload.anonymousId !== distinctId
            ? payload.anonymousId.slice(0, 200)
            : undefined;
        if (distinctId) s.identified = { distinctId, anonymousId, properties: obj(payload.properties) };
      } else if (tag && !tag.startsWith("$") && tag.length <= 200) {
        // A longer name is not left out quietly: checkBatch refuses its batch (eventNameChars).
        if (!names.has(tag)) {
          names.add(tag);
          s.eventNames.push(tag);
        }
        if (tag in customEvents || Object.keys(customEvents).length < CUSTOM_EVENT_NAMES_COUNTED)
          customEvents[tag] = (customEvents[tag] ?? 0) + 1;
        capture(tag, e.timestamp, payload);
      }
    }
    if (e.type === EventType.Plugin) {
      const payload = obj(data.payload);
      if (data.plugin === "rrweb/console@1") {
        const level = payload.level;
        if (level === "error" || level === "assert") s.consoleErrorCount++;
        else if (level === "warn") s.consoleWarnCount++;
        else s.consoleLogCount++;
      } else if (data.plugin === VITALS_PLUGIN) {
        const url = pageUrl(obj(data.payload).url) ?? currentUrl;
        s.vitals.push(readVital(data.payload, e.timestamp, () => events.indexOf(e), url));
      } else if (data.plugin === FORM_PLUGIN) {
        const form = readFormSubmit(data.payload, () => events.indexOf(e));
        s.formSubmitCount++;
        for (const key of formKeys({ ...form })) {
          if (formsSeen.has(key)) continue;
          formsSeen.add(key);
          s.forms.push(key);
        }
        // A submission is what the click before it did: that click is not dead.
        reactions.push(e.timestamp);
        capture(FORM_EVENT, e.timestamp, { ...form });
      } else if (data.plugin === CLICK_PLUGIN) {
        // Checked here with the other page signals; the heatmap aggregation (heat.ts) joins it to its click.
        readClickOffset(data.payload, () => events.indexOf(e));
      } else if (data.plugin === "rewind/network@1") {
        const status = num(payload.status) ?? 0;
        if (status === 0 || status >= 400) {
          s.failedRequestCount++;
          failures.push(e.timestamp);
        }
        const path = requestPathOf(payload.url, currentUrl);
        if (path) {
          const r = { method: requestMethod(payload.method), path, status: statusClass(status), maxMs: 0 };
          const ms = Math.max(0, Math.min(num(payload.durationMs) ?? 0, 86_400_000));
          const key = requestSignature(r);
          const seen = requests.get(key);
          if (seen) seen.maxMs = Math.max(seen.maxMs, ms);
          else if (requests.size < REQUESTS_INDEXED_PER_BATCH) requests.set(key, { ...r, maxMs: ms });
        }
      }
    }
  }

  s.activity = perMinute(activity);
  const marks = interactionMarks(sorted);
  s.firstViewAt = marks.view;
  s.firstInteractionAt = marks.interaction;
  s.requests = [...requests.values()].map((r) => ({ ...r, maxMs: Math.round(r.maxMs) }));
  let activeUntil = carry.activeUntil ?? 0;
  for (const at of activity) {
    const end = at + ACTIVE_WINDOW_MS;
    if (end > activeUntil) {
      s.activeMs += end - Math.max(at, activeUntil);
      activeUntil = end;
    }
  }
  const allPages = [...carry.pages, ...s.pages];
  const urlAt = (at: number) => {
    const i = lastAtOrBefore(allPages, at);
    return i >= 0 ? allPages[i]!.url : currentUrl;
  };
  const allClicks = [...carry.clicks.filter((c) => c.at < s.firstTs), ...clicks];
  const allReactions = [...carry.reactions, ...reactions].sort((a, b) => a - b);
  const lastTs = Math.max(s.lastTs, carry.lastTs);
  const raged = new Set(carry.ragedClicks ?? []);
  const rage = rageClicks(
    allClicks.filter((c) => c.at > carry.ragedUntil),
    t,
    urlAt,
    raged,
  ).filter((sig) => (sig.endAt ?? 0) > carry.lastTs);
  const allFailures = [...(carry.failures ?? []), ...failures];
  // A click in a rage burst is counted as rage, one that set off an error as an error click: a
  // dead click is one that did nothing at all.
  const blamed = new Set([...blamedClicks(allClicks, allFailures, t)].map((c) => c.at));
  const judgeable = allClicks.filter((c) => c.at > carry.judgedUntil && c.at + t.deadClickMs <= lastTs);
  const signals = [
    rage.map(({ endAt: _end, ...sig }) => sig),
    deadClicks(
      judgeable.filter((c) => !raged.has(c.at) && !blamed.has(c.at)),
      allReactions,
      t,
      urlAt,
    ),
    errorClicks(allClicks, failures, t, urlAt),
    thrashing(moves, t, urlAt),
    uTurns(allPages, t).filter((sig) => sig.at > carry.lastTs),
  ];
  s.signals = signals.flat();
  const keepFrom = lastTs - Math.max(t.rageWindowMs, t.deadClickMs, t.errorClickMs) - 1000;
  s.carry = {
    lastTs,
    clicks: allClicks.filter((c) => c.at >= keepFrom),
    reactions: allReactions.filter((r) => r >= keepFrom),
    pages: allPages.slice(-2),
    ragedUntil: rage.reduce((max, r) => Math.max(max, r.endAt ?? 0), carry.ragedUntil),
    judgedUntil: judgeable.reduce((max, c) => Math.max(max, c.at), carry.judgedUntil),
    ragedClicks: [...raged].filter((at) => at >= keepFrom),
    failures: allFailures.filter((at) => at >= keepFrom),
    activeUntil,
    ...(Object.keys(customEvents).length ? { customEvents: { ...customEvents } } : {}),
  };
  s.signals.sort((a, b) => a.at - b.at);
  Object.assign(s, countCanvas(sorted));
  return s;
}

/** ≥ N clicks within the window, all within the radius of the first: one signal per burst. */
function rageClicks(
  clicks: Click[],
  t: Thresholds,
  urlAt: (at: number) => string | undefined,
  /** Receives the time of every click inside a burst. */
  members: Set<number>,
): (Signal & { endAt?: number })[] {
  const out: (Signal & { endAt?: number })[] = [];
  let i = 0;
  while (i < clicks.length) {
    const first = clicks[i]!;
    let j = i + 1;
    while (
      j < clicks.length &&
      clicks[j]!.at - first.at <= t.rageWindowMs &&
      Math.hypot(clicks[j]!.x - first.x, clicks[j]!.y - first.y) <= t.rageRadiusPx
    ) {
      j++;
    }
    if (j - i >= t.rageClicks) {
      out.push({
        kind: "rage",
        at: first.at,
        x: first.x,
        y: first.y,
        count: j - i,
        url: urlAt(first.at),
        endAt: clicks[j - 1]!.at,
      });
      for (let k = i; k < j; k++) members.add(clicks[k]!.at);
      i = j;
    } else i++;
  }
  return out;
}

/**
 * A click after which nothing reacts (no mutation, scroll, input or navigation) within the wait.
 * Only clicks whose whole wait has been seen are passed in, so none is called dead too early.
 * `reactions` is sorted, so each click looks up its first reaction by binary search.
 */
function deadClicks(
  clicks: Click[],
  reactions: number[],
  t: Thresholds,
  urlAt: (at: number) => string | undefined,
): Signal[] {
  return clicks
    .filter((c) => {
      const next = reactions[firstAfter(reactions, c.at)];
      return next === undefined || next > c.at + t.deadClickMs;
    })
    .map((c) => ({ kind: "dead" as const, at: c.at, x: c.x, y: c.y, url: urlAt(c.at) }));
}

/**
 * The click that set off an exception or a failed request: the last one before it, within the
 * window. `clicks` is in time order, so that click is found by binary search.
 */
function errorClicks(
  clicks: Click[],
  failures: number[],
  t: Thresholds,
  urlAt: (at: number) => string | undefined,
): Signal[] {
  return [...blamedClicks(clicks, failures, t)].map((c) => ({
    kind: "errorclick" as const,
    at: c.at,
    x: c.x,
    y: c.y,
    url: urlAt(c.at),
  }));
}

/** The clicks the failures are blamed on: for each, the last click before it, within the window. */
function blamedClicks(clicks: Click[], failures: number[], t: Thresholds): Set<Click> {
  const blamed = new Set<Click>();
  for (const f of failures) {
    const cause = clicks[lastAtOrBefore(clicks, f)];
    if (cause && f - cause.at <= t.errorClickMs) blamed.add(cause);
  }
  return blamed;
}

/** Rapid left-right reversals of the pointer: at least N direction changes of > 20 px within the window. */
function thrashing(
  moves: { at: number; x: number }[],
  t: Thresholds,
  urlAt: (at: number) => string | undefined,
): Signal[] {
  const sorted = [...moves].sort((a, b) => a.at - b.at);
  const reversals: number[] = [];
  let direction = 0;
  let anchor = sorted[0];
  for (const m of sorted.slice(1)) {
    if (!anchor) break;
    const dx = m.x - anchor.x;
    if (Math.abs(dx) < 20) continue;
    const d = Math.sign(dx);
    if (direction !== 0 && d !== direction) reversals.push(m.at);
    direction = d;
    anchor = m;
  }
  const out: Signal[] = [];
  let i = 0;
  let j = 0;
  while (i < reversals.length) {
    // j only moves forward: the window's end for a later start is never earlier.
    j = Math.max(j, i);
    while (j < reversals.length && reversals[j]! - reversals[i]! <= t.thrashWindowMs) j++;
    if (j - i >= t.thrashReversals) {
      out.push({ kind: "thrash", at: reversals[i]!, count: j - i, url: urlAt(reversals[i]!) });
      i = j;
    } else i++;
  }
  return out;
}

/** Going to a page and straight back (A → B → A with B seen for less than the window). */
function uTurns(pages: { url: string; at: number }[], t: Thresholds): Signal[] {
  const out: Signal[] = [];
  for (let i = 2; i < pages.length; i++) {
    const [a, b, c] = [pages[i - 2]!, pages[i - 1]!, pages[i]!];
    if (a.url === c.url && b.url !== a.url && c.at - b.at < t.uturnMs)
      out.push({ kind: "uturn", at: c.at, url: b.url });
  }
  return out;
}

/** Index of the last item at or before `at` in a list sorted by time, or -1. */
function lastAtOrBefore(items: readonly { at: number }[], at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first value after `at` in a sorted list (its length when there is none). */
function firstAfter(values: readonly number[], at: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

import { newestEvents, pageViewsOfSessions, type StoredEvent } from "@/lib/data/events";
import { getSessions, type SessionRecord } from "@/lib/data/sessions";
import { errorFingerprint, errorSearchText, normalizeMessage } from "@/lib/errors/fingerprint";
import { pushTo } from "@/lib/push-to";
import { ERROR_EXIT_MS } from "@/lib/search/filter";
import { pathOf } from "@/lib/url-path";

/**
 * The errors view (seeds: "error impact"): exceptions grouped by fingerprint (normalised message +
 * top frame) with how many sessions and people each hit, when, on which browsers, and what it did
 * to the visit — left soon after, hit it again, went elsewhere. Read from the events store, newest
 * first, up to a bound that the view names when it is reached.
 */

/** Exceptions read at most per view; beyond it the figures cover the newest ones and say so. */
export const ERRORS_CAP = 50_000;
/** Sessions whose records are read (browsers, endings) at most per view. */
const SESSIONS_CAP = 10_000;
const DAY_MS = 86_400_000;

export interface ErrorGroup {
  fingerprint: string;
  /** The newest occurrence's message, as the page sent it. */
  message: string;
  /** Where in the code (function, file and line of the top stack frame), or "" when unknown. */
  frame: string;
  occurrences: number;
  sessions: number;
  persons: number;
  firstSeen: number;
  lastSeen: number;
  /** Occurrences per UTC day of the range, oldest first. */
  trend: number[];
  browsers: { name: string; sessions: number }[];
  /** Share of its sessions that ended within ERROR_EXIT_MS of their last occurrence. */
  exitRate: number;
}

export interface ErrorsView {
  groups: ErrorGroup[];
  /** False when more exceptions were in the range than read. */
  exact: boolean;
  /** The oldest occurrence read when not exact. */
  sampledSince: number | null;
}

interface Occurrence {
  event: StoredEvent;
  fingerprint: string;
}

async function occurrences(ws: string, from: number, to: number, cap: number) {
  const events = await newestEvents(ws, "$exception", from, to, cap);
  const list: Occurrence[] = events.map((event) => ({
    event,
    fingerprint: errorFingerprint(event.props.message, String(event.props.frame ?? "")),
  }));
  return {
    list,
    exact: events.length < cap,
    sampledSince: events.length >= cap ? (events.at(-1)?.at ?? null) : null,
  };
}

async function sessionsOf(ws: string, ids: Iterable<string>): Promise<Map<string, SessionRecord>> {
  const wanted = [...new Set(ids)].slice(0, SESSIONS_CAP);
  const out = new Map<string, SessionRecord>();
  for (let i = 0; i < wanted.length; i += 1000)
    for (const s of await getSessions(ws, wanted.slice(i, i + 1000))) out.set(s.id, s);
  return out;
}

function summarize(
  fingerprint: string,
  list: Occurrence[],
  sessions: Map<string, SessionRecord>,
  from: number,
  to: number,
): ErrorGroup {
  const newest = list[0]!.event;
  const days = Math.max(1, Math.ceil((to - from) / DAY_MS));
  const trend = new Array<number>(days).fill(0);
  const lastIn = new Map<string, number>();
  const persons = new Set<string>();
  let first = Number.POSITIVE_INFINITY;
  for (const { event } of list) {
    const day = Math.floor((event.at - from) / DAY_MS);
    if (day >= 0 && day < days) trend[day]!++;
    lastIn.set(event.sessionId, Math.max(lastIn.get(event.sessionId) ?? 0, event.at));
    if (event.distinctId) persons.add(event.distinctId);
    first = Math.min(first, event.at);
  }
  const browsers = new Map<string, number>();
  let known = 0;
  let exits = 0;
  for (const [sid, at] of lastIn) {
    const s = sessions.get(sid);
    if (!s) continue;
    known++;
    const browser = s.fields.browser;
    browsers.set(browser, (browsers.get(browser) ?? 0) + 1);
    if (s.endedAt - at <= ERROR_EXIT_MS) exits++;
  }
  return {
    fingerprint,
    message: String(newest.props.message ?? ""),
    frame: String(newest.props.frame ?? ""),
    occurrences: list.length,
    sessions: lastIn.size,
    persons: persons.size,
    firstSeen: first,
    lastSeen: newest.at,
    trend,
    browsers: [...browsers.entries()]
      .map(([name, n]) => ({ name, sessions: n }))
      .sort((a, b) => b.sessions - a.sessions),
    exitRate: known ? exits / known : 0,
  };
}

/** Every error group in [from, to], most sessions hit first. */
export async function errorGroups(
  ws: string,
  from: number,
  to: number,
  cap = ERRORS_CAP,
): Promise<ErrorsView> {
  const { list, exact, sampledSince } = await occurrences(ws, from, to, cap);
  const groups = new Map<string, Occurrence[]>();
  for (const o of list) pushTo(groups, o.fingerprint, o);
  const sessions = await sessionsOf(
    ws,
    list.map((o) => o.event.sessionId),
  );
  return {
    groups: [...groups.entries()]
      .map(([fp, l]) => summarize(fp, l, sessions, from, to))
      .sort((a, b) => b.sessions - a.sessions || b.occurrences - a.occurrences),
    exact,
    sampledSince,
  };
}

export interface ErrorOccurrence {
  sessionId: string;
  distinctId: string | null;
  at: number;
  /** Into the recording: where the player opens. */
  offsetMs: number;
  url: string | null;
}

export interface ErrorGroupDetail {
  group: ErrorGroup;
  /** The message as grouped (values blanked). */
  pattern: string;
  /** Newest first. */
  occurrences: ErrorOccurrence[];
  /** Sessions that hit it more than once: people retrying what failed. */
  repeatedSessions: number;
  /** Where visitors went after it: the first other page each affected session opened next. */
  nextPages: { path: string; sessions: number }[];
  exact: boolean;
}

/** Occurrences listed on a group's page; the figures cover all of them. */
export const OCCURRENCES_SHOWN = 100;
/** Affected sessions whose page views are read for "went on to". */
const NEXT_PAGE_SESSIONS = 1000;

export async function errorGroupDetail(
  ws: string,
  fingerprint: string,
  from: number,
  to: number,
  cap = ERRORS_CAP,
): Promise<ErrorGroupDetail | null> {
  const { list: all, exact } = await occurrences(ws, from, to, cap);
  const list = all.filter((o) => o.fingerprint === fingerprint);
  if (list.length === 0) return null;
  const sessions = await sessionsOf(
    ws,
    list.map((o) => o.event.sessionId),
  );
  const group = summarize(fingerprint, list, sessions, from, to);
  const firstIn = new Map<string, number>();
  const count = new Map<string, number>();
  for (const { event } of list) {
    firstIn.set(
      event.sessionId,
      Math.min(firstIn.get(event.sessionId) ?? Number.POSITIVE_INFINITY, event.at),
    );
    count.set(event.sessionId, (count.get(event.sessionId) ?? 0) + 1);
  }
  const affected = [...firstIn.keys()].slice(0, NEXT_PAGE_SESSIONS);
  const views = await pageViewsOfSessions(ws, affected, from, to + DAY_MS);
  const next = new Map<string, number>();
  for (const sid of affected) {
    const errorAt = firstIn.get(sid)!;
    const list = views.get(sid) ?? [];
    const errorPage = list.filter((v) => v.at <= errorAt).at(-1);
    const after = list.find(
      (v) => v.at > errorAt && (!errorPage?.url || pathOf(v.url!) !== pathOf(errorPage.url)),
    );
    if (after?.url) next.set(pathOf(after.url), (next.get(pathOf(after.url)) ?? 0) + 1);
  }
  return {
    group,
    pattern: normalizeMessage(group.message),
    occurrences: list.slice(0, OCCURRENCES_SHOWN).map(({ event }) => {
      const s = sessions.get(event.sessionId);
      return {
        sessionId: event.sessionId,
        distinctId: event.distinctId ?? s?.fields.distinctId ?? null,
        at: event.at,
        offsetMs: s ? Math.max(0, event.at - s.startedAt) : 0,
        url: event.url ?? null,
      };
    }),
    repeatedSessions: [...count.values()].filter((n) => n > 1).length,
    nextPages: [...next.entries()]
      .map(([path, sessions]) => ({ path, sessions }))
      .sort((a, b) => b.sessions - a.sessions)
      .slice(0, 8),
    exact,
  };
}

/** Exceptions the error picker reads, newest first, and the texts it offers at most. */
export const PICKER_ERRORS_READ = 2_000;
const PICKER_ERROR_TEXTS = 50;
const PICKER_CANDIDATES = 200;

/**
 * The error picker's options: what `error:` would search for each message among the newest
 * PICKER_ERRORS_READ exceptions of the last 30 days, with the sessions among those it matches, most
 * first — exact in a workspace with fewer exceptions, the recent ones' view beyond.
 */
export async function errorValuesOf(
  ws: string,
  now = Date.now(),
): Promise<{ value: string; sessions: number }[]> {
  const events = await newestEvents(ws, "$exception", now - 30 * DAY_MS, now, PICKER_ERRORS_READ);
  const messages = events.map((e) => ({
    text: String(e.props.message ?? "").toLowerCase(),
    sessionId: e.sessionId,
  }));
  const seen = new Map<string, number>();
  for (const e of events) {
    const value = errorSearchText(e.props.message);
    if (value) seen.set(value, (seen.get(value) ?? 0) + 1);
  }
  // Counted as the search counts: sessions with a message containing the text, whatever its group.
  return [...seen.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, PICKER_CANDIDATES)
    .map(([value]) => {
      const needle = value.toLowerCase();
      const sessions = new Set(messages.filter((m) => m.text.includes(needle)).map((m) => m.sessionId));
      return { value, sessions: sessions.size };
    })
    .sort((a, b) => b.sessions - a.sessions || a.value.localeCompare(b.value))
    .slice(0, PICKER_ERROR_TEXTS);
}

import { SizedLru } from "@/lib/cache";
import { eventHoursOfSpans, type SpanAt } from "@/lib/data/event-hours";
import { type EventSource, eventSpansOfSources, eventsFrom, type StoredEvent } from "@/lib/data/events";
import { aliasVersion, personProperties, resolveAliases } from "@/lib/data/persons";
import { sessionFacts } from "@/lib/data/sessions";
import { pushTo } from "@/lib/push-to";
import {
  type ConversionDay,
  conversionTrend,
  type FunnelQuery,
  funnelPaths,
  type PersonPath,
  type StepFigures,
  stepFigures,
  stepSource,
  timeToConvert,
} from "./funnel";
import { pathsOfNumbered } from "./funnel-hours";
import { clearPersonNumbers, type Numbering, spanPersons } from "./funnel-persons";

/** Breakdown values beyond this many (by persons at step 1) are summed as "(other)". */
export const MAX_BREAKDOWN_VALUES = 12;

/** The breakdown group holding every value past the first MAX_BREAKDOWN_VALUES. */
export const OTHER = "(other)";

export interface FunnelResult {
  steps: StepFigures[];
  breakdown: { value: string; steps: StepFigures[] }[] | null;
  /** Conversion by the day persons entered the funnel. */
  trend: ConversionDay[];
  /** How long converted persons took, first step to last, bucketed. */
  timeToConvert: { label: string; persons: number }[];
  /** Events read to compute it, for the page's footnote and the benchmark. */
  eventsRead: number;
}

export interface FunnelRun {
  result: FunnelResult;
  paths: PersonPath[];
  /** Each person's breakdown value, when the query has a breakdown. */
  breakdownOf: Map<string, string> | null;
}

/**
 * Reads the events each step can match — a page's views by path when the step names one, else by
 * event name; step 1 within the range, later steps up to a window past it — resolves who did them
 * (an anonymous id that identified since counts as its person), and computes. The events come from
 * the indexes' hourly snapshots (lib/data/event-hours), or, for a range of more hours than those
 * are read for, from the indexes' members. A run at unchanged versions returns the paths and
 * figures this process computed before (`finished` below): callers read them, never change them.
 */
export async function runFunnel(
  ws: string,
  q: FunnelQuery,
  opts: {
    /** Read every event's member, as before the snapshots (bench:funnel's "before"). */
    perEvent?: boolean;
    /** Compute even when this process has the result at the current versions (bench:funnel's engine figure). */
    recompute?: boolean;
  } = {},
): Promise<FunnelRun> {
  const sources = [...new Map(q.steps.map((s) => [JSON.stringify(stepSource(s)), stepSource(s)])).values()];
  const [spans, aliases] = await Promise.all([
    opts.perEvent ? null : eventSpansOfSources(ws, sources, q.from, q.to + q.windowMs),
    aliasVersion(ws),
  ]);
  const { paths, eventsRead, figures } = spans
    ? await cachedPaths(ws, q, spans, aliases, opts.recompute ?? false)
    : withFigures(q, await pathsOfEvents(ws, q, sources));
  const breakdownOf = q.breakdown ? await breakdownValues(ws, q.breakdown, paths) : null;
  const result: FunnelResult = {
    ...figures,
    breakdown: breakdownOf ? breakdown(q, paths, breakdownOf) : null,
    eventsRead,
  };
  return { result, paths, breakdownOf };
}

type Computed = {
  paths: PersonPath[];
  eventsRead: number;
  figures: Pick<FunnelResult, "steps" | "trend" | "timeToConvert">;
};

function withFigures(
  q: FunnelQuery,
  { paths, eventsRead }: { paths: PersonPath[]; eventsRead: number },
): Computed {
  const figures = {
    steps: stepFigures(q.steps.length, paths),
    trend: conversionTrend(q.steps.length, paths, q.from, q.to),
    timeToConvert: timeToConvert(q.steps.length, paths),
  };
  return { paths, eventsRead, figures };
}

/** A span a funnel read: its first hour, version (its hours' versions) and persons per hour. */
type KeptSpan = { first: number; version: string; byHour: Map<number, Int32Array> };

/** A span's identity in a funnel's stamp: its index and hours (its version apart). */
const spanId = (s: SpanAt) => `${s.key} ${s.span.first}:${s.span.hours}`;

/**
 * A finished funnel: the stamp it was computed at (the version of every span it read and the alias
 * version), and, per span, the version and the persons (numbers at `numbering`) of the events it
 * was computed from — what a later run needs to recompute only the persons a change touched.
 */
type Finished = {
  stamp: string;
  numbering: Numbering;
  spans: Map<string, KeptSpan>;
  computed: Computed;
};

/**
 * Finished funnels in this process, by workspace and definition. Those stamps change with every
 * write or deletion of an event they hold and every alias or session-person change, so an equal
 * stamp means an equal result, and a re-opened funnel costs the version reads alone. Bounded in
 * persons' steps.
 */
const finished = new SizedLru<Finished>(2_000_000);

/**
 * The paths from the indexes' snapshots (lib/data/event-hours): this process's result at the same
 * versions; else, when only some spans changed (a new batch, a deleted session) at the same alias
 * version, that result with the persons having events in those spans — before or after the change —
 * recomputed over the whole range: a person's path depends on their own events alone, and no other
 * person's changed; else (an alias change, spans gone or regrouped, `recompute`) every person.
 */
async function cachedPaths(
  ws: string,
  q: FunnelQuery,
  spans: SpanAt[],
  aliases: string,
  recompute: boolean,
): Promise<Computed> {
  const key = `${ws}\n${JSON.stringify([q.steps, q.windowMs, q.from, q.to])}`;
  const stamp = `${aliases}|${spans.map((s) => `${spanId(s)} ${s.version}`).join("|")}`;
  const hit = finished.get(key);
  if (hit?.stamp === stamp && !recompute) return hit.computed;
  const hours = await eventHoursOfSpans(ws, spans);
  const people = await spanPersons(ws, hours, aliases);
  const { names } = people.numbering;
  const kept = new Map(
    spans.map((s, i): [string, KeptSpan] => [
      spanId(s),
      { first: s.span.first, version: s.version, byHour: people.spans[i]!.byHour },
    ]),
  );
  const only =
    hit && !recompute && hit.numbering === people.numbering ? touched(hit, kept, names.length) : null;
  const fresh = pathsOfNumbered(q, hours, people.spans, names, only);
  const paths = only
    ? mergedPaths(
        hit!.computed.paths.filter((p) => !only[people.numbering.ids.get(p.distinctId)!]),
        fresh.paths,
      )
    : fresh.paths;
  const computed = withFigures(q, { paths, eventsRead: fresh.eventsRead });
  // Persons' steps, and the spans' person numbers kept for the next change (an Int32 each: a
  // quarter of a step, roughly).
  let numbers = 0;
  for (const span of kept.values()) for (const ps of span.byHour.values()) numbers += ps.length;
  const size = computed.paths.reduce((n, p) => n + 1 + p.steps.length, 0) + Math.ceil(numbers / 4);
  finished.set(key, { stamp, numbering: people.numbering, spans: kept, computed }, size);
  return computed;
}

/**
 * The persons (flags by number) with events in an hour whose version moved since the finished
 * funnel read its span (or in a new span), before the change or after: an hour's version moves with
 * every write or delete of its events, so no one else's events changed. Null when a span it read is
 * no longer read (a closed day regrouping its hours, retention moving an index's first event): then
 * every person is recomputed.
 */
function touched(before: Finished, now: Map<string, KeptSpan>, persons: number): Uint8Array | null {
  for (const id of before.spans.keys()) if (!now.has(id)) return null;
  const flags = new Uint8Array(persons);
  const flag = (ps: Int32Array | undefined) => {
    if (ps) for (const p of ps) flags[p] = 1;
  };
  for (const [id, span] of now) {
    const old = before.spans.get(id);
    if (old?.version === span.version) continue;
    if (!old) {
      for (const ps of span.byHour.values()) flag(ps);
      continue;
    }
    const was = old.version.split(",");
    const is = span.version.split(",");
    is.forEach((v, k) => {
      if (v === was[k]) return;
      flag(old.byHour.get(span.first + k));
      flag(span.byHour.get(span.first + k));
    });
  }
  return flags;
}

/** Two lists of paths sorted by person, of different persons, as one sorted list. */
function mergedPaths(a: PersonPath[], b: PersonPath[]): PersonPath[] {
  const out: PersonPath[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j >= b.length || (i < a.length && a[i]!.distinctId < b[j]!.distinctId) ? a[i++]! : b[j++]!);
  return out;
}

/** Forgets the funnels computed in this process, and the persons numbered for them (tests and benchmarks). */
export function clearFinishedFunnels(): void {
  finished.clear();
  clearPersonNumbers();
}

/** The paths from the events themselves, when a range spans more hours than snapshots are read for. */
async function pathsOfEvents(
  ws: string,
  q: FunnelQuery,
  sources: EventSource[],
): Promise<{ paths: PersonPath[]; eventsRead: number }> {
  const events = (await eventsFrom(ws, sources, q.from, q.to + q.windowMs)).flat();
  const people = await personsOfEvents(ws, events);
  return { paths: funnelPaths(q, events, (e) => people(e)), eventsRead: events.length };
}

/** Who did each event: its recorded distinct id through the aliases, or (older events) its session's person. */
async function personsOfEvents(
  ws: string,
  events: StoredEvent[],
): Promise<(e: StoredEvent) => string | null> {
  const aliases = await resolveAliases(
    ws,
    events.flatMap((e) => (e.distinctId ? [e.distinctId] : [])),
  );
  const unnamed = [...new Set(events.filter((e) => !e.distinctId).map((e) => e.sessionId))];
  const sessions = await sessionFacts(ws, unnamed);
  return (e) => (e.distinctId ? aliases.get(e.distinctId)! : (sessions.get(e.sessionId)?.distinctId ?? null));
}

/** Each person's breakdown value: where they entered the funnel (their step-1 session), or a property of theirs. */
async function breakdownValues(
  ws: string,
  by: NonNullable<FunnelQuery["breakdown"]>,
  paths: PersonPath[],
): Promise<Map<string, string>> {
  if (by.kind === "prop") {
    const props = await personProperties(
      ws,
      paths.map((p) => p.distinctId),
    );
    return new Map(paths.map((p) => [p.distinctId, props.get(p.distinctId)?.[by.key] || "(none)"]));
  }
  const sessions = await sessionFacts(ws, [...new Set(paths.map((p) => p.steps[0]!.sessionId))]);
  return new Map(
    paths.map((p) => [p.distinctId, sessions.get(p.steps[0]!.sessionId)?.fields[by.kind] || "unknown"]),
  );
}

function breakdown(
  q: FunnelQuery,
  paths: PersonPath[],
  values: Map<string, string>,
): FunnelResult["breakdown"] {
  const groups = new Map<string, PersonPath[]>();
  for (const p of paths) {
    const v = values.get(p.distinctId)!;
    pushTo(groups, v, p);
  }
  const ranked = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const kept = ranked.slice(0, MAX_BREAKDOWN_VALUES);
  const rest = ranked.slice(MAX_BREAKDOWN_VALUES).flatMap(([, ps]) => ps);
  if (rest.length) kept.push([OTHER, rest]);
  return kept.map(([value, ps]) => ({ value, steps: stepFigures(q.steps.length, ps) }));
}

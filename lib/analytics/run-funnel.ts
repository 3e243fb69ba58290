import type { EventHour } from "@/lib/data/event-hours";
import { type EventSource, eventHoursOfSources, eventsFrom, type StoredEvent } from "@/lib/data/events";
import { personProperties, resolveAliases } from "@/lib/data/persons";
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
import { funnelPathsOfHours } from "./funnel-hours";

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
 * are read for, from the indexes' members.
 */
export async function runFunnel(
  ws: string,
  q: FunnelQuery,
  /** `perEvent`: read every event's member, as before the snapshots (bench:funnel's "before"). */
  opts: { perEvent?: boolean } = {},
): Promise<FunnelRun> {
  const sources = [...new Map(q.steps.map((s) => [JSON.stringify(stepSource(s)), stepSource(s)])).values()];
  const hours = opts.perEvent ? null : await eventHoursOfSources(ws, sources, q.from, q.to + q.windowMs);
  const { paths, eventsRead } = hours
    ? await pathsOfHours(ws, q, hours)
    : await pathsOfEvents(ws, q, sources);
  const breakdownOf = q.breakdown ? await breakdownValues(ws, q.breakdown, paths) : null;
  const result: FunnelResult = {
    steps: stepFigures(q.steps.length, paths),
    breakdown: breakdownOf ? breakdown(q, paths, breakdownOf) : null,
    trend: conversionTrend(q.steps.length, paths, q.from, q.to),
    timeToConvert: timeToConvert(q.steps.length, paths),
    eventsRead,
  };
  return { result, paths, breakdownOf };
}

/** The paths from the indexes' hourly snapshots (lib/data/event-hours): the usual way. */
async function pathsOfHours(
  ws: string,
  q: FunnelQuery,
  hours: EventHour[],
): Promise<{ paths: PersonPath[]; eventsRead: number }> {
  const recorded = new Set<string>();
  const unnamed = new Set<string>();
  for (const hour of hours) {
    for (const p of hour.persons) if (p) recorded.add(p);
    if (!hour.persons.includes("")) continue;
    for (let i = 0; i < hour.rows.length; i += 4)
      if (hour.persons[hour.rows[i + 2]!] === "") unnamed.add(hour.sessions[hour.rows[i + 3]!]!);
  }
  const [aliases, sessions] = await Promise.all([
    resolveAliases(ws, recorded),
    sessionFacts(ws, [...unnamed]),
  ]);
  return funnelPathsOfHours(q, hours, (who, sid) =>
    who ? aliases.get(who)! : (sessions.get(sid)?.distinctId ?? null),
  );
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

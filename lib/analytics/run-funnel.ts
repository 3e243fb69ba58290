import { eventsNamedMany } from "@/lib/data/events";
import { personProperties } from "@/lib/data/persons";
import { sessionFacts } from "@/lib/data/sessions";
import {
  type FunnelQuery,
  funnelPaths,
  type PersonPath,
  type StepFigures,
  stepEventName,
  stepFigures,
} from "./funnel";

/** Breakdown values beyond this many (by persons at step 1) are summed as "other". */
export const MAX_BREAKDOWN_VALUES = 12;

export interface FunnelResult {
  steps: StepFigures[];
  breakdown: { value: string; steps: StepFigures[] }[] | null;
  /** Events read to compute it, for the page's footnote and the benchmark. */
  eventsRead: number;
}

export interface FunnelRun {
  result: FunnelResult;
  paths: PersonPath[];
  sessions: Map<string, { distinctId: string; startedAt: number; fields: Record<string, string> }>;
}

/**
 * Reads the events every step can match (step 1 within the range, later steps up to a window
 * past it) from the by-name index, maps sessions to their current person, and computes.
 */
export async function runFunnel(ws: string, q: FunnelQuery): Promise<FunnelRun> {
  const names = [...new Set(q.steps.map(stepEventName))];
  const byName = await eventsNamedMany(ws, names, q.from, q.to + q.windowMs);
  const events = names.flatMap((n) => byName.get(n) ?? []);
  const sessionIds = [...new Set(events.map((e) => e.sessionId))];
  const sessions = await sessionFacts(ws, sessionIds);
  const paths = funnelPaths(q, events, (sid) => sessions.get(sid)?.distinctId ?? null);
  const result: FunnelResult = {
    steps: stepFigures(q.steps.length, paths),
    breakdown: q.breakdown ? await breakdown(ws, q, paths, sessions) : null,
    eventsRead: events.length,
  };
  return { result, paths, sessions };
}

/** Each person's breakdown value: where they entered the funnel (their step-1 session), or a property of theirs. */
export async function breakdownValues(
  ws: string,
  by: NonNullable<FunnelQuery["breakdown"]>,
  paths: PersonPath[],
  sessions: FunnelRun["sessions"],
): Promise<Map<string, string>> {
  const props =
    by.kind === "prop"
      ? await personProperties(
          ws,
          paths.map((p) => p.distinctId),
        )
      : null;
  return new Map(
    paths.map((p) => [
      p.distinctId,
      by.kind === "prop"
        ? props!.get(p.distinctId)?.[by.key] || "(none)"
        : sessions.get(p.steps[0]!.sessionId)?.fields[by.kind] || "unknown",
    ]),
  );
}

async function breakdown(
  ws: string,
  q: FunnelQuery,
  paths: PersonPath[],
  sessions: FunnelRun["sessions"],
): Promise<FunnelResult["breakdown"]> {
  const values = await breakdownValues(ws, q.breakdown!, paths, sessions);
  const groups = new Map<string, PersonPath[]>();
  for (const p of paths) {
    const v = values.get(p.distinctId)!;
    groups.set(v, [...(groups.get(v) ?? []), p]);
  }
  const ranked = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const kept = ranked.slice(0, MAX_BREAKDOWN_VALUES);
  const rest = ranked.slice(MAX_BREAKDOWN_VALUES).flatMap(([, ps]) => ps);
  if (rest.length) kept.push([OTHER, rest]);
  return kept.map(([value, ps]) => ({ value, steps: stepFigures(q.steps.length, ps) }));
}

/** The breakdown group holding every value past the first MAX_BREAKDOWN_VALUES. */
export const OTHER = "(other)";

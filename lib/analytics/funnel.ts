import { z } from "zod";
import type { EventSource, StoredEvent } from "@/lib/data/events";
import { FORM_EVENT, formKey, formKeys } from "@/lib/forms";
import { pathOf } from "@/lib/url-path";

/**
 * Funnels: ordered steps a person takes within a conversion window. This module is the pure
 * computation (events in, per-person paths and per-step figures out); `run-funnel.ts` reads the
 * events for it. Semantics, which the brute-force test pins down:
 *
 * - A person's events are ordered by (timestamp, event id); each event fills at most one step of
 *   an attempt, and step k must come strictly after step k-1 in that order (so two steps in the
 *   same millisecond count when the events are distinct).
 * - An attempt starts at a step-1 event inside the time range and must reach each further step
 *   within `windowMs` of its start.
 * - A person reaches the furthest step any attempt reaches; among attempts reaching it, the
 *   earliest start wins, and within it each step takes the earliest qualifying event.
 */

export const URL_MODES = ["equals", "prefix", "contains"] as const;
export const PROP_OPS = ["equals", "not_equals", "contains"] as const;
export const BREAKDOWNS = ["browser", "device", "country", "os"] as const;

const propCondition = z.object({
  key: z.string().trim().min(1).max(100),
  op: z.enum(PROP_OPS).default("equals"),
  value: z.string().max(500),
});

export const funnelStep = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("event"),
    name: z.string().trim().min(1, "Name the event.").max(200),
    where: z.array(propCondition).max(5).default([]),
  }),
  z.object({
    kind: z.literal("pageview"),
    url: z.object({ mode: z.enum(URL_MODES), value: z.string().trim().max(2000) }).optional(),
    where: z.array(propCondition).max(5).default([]),
  }),
  z.object({
    kind: z.literal("form"),
    /** The form's name, id or action path; empty: any form. */
    form: z.string().trim().max(200).default(""),
    where: z.array(propCondition).max(5).default([]),
  }),
]);
export type FunnelStep = z.infer<typeof funnelStep>;

export const MAX_WINDOW_MS = 90 * 86_400_000;

export const funnelQuery = z.object({
  steps: z
    .array(funnelStep)
    .min(2, "A funnel has at least two steps.")
    .max(10, "A funnel has at most ten steps."),
  windowMs: z
    .number()
    .int()
    .min(1000, "The conversion window is at least a second.")
    .max(MAX_WINDOW_MS, "The conversion window is at most 90 days."),
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  breakdown: z
    .union([
      z.object({ kind: z.enum(BREAKDOWNS) }),
      z.object({ kind: z.literal("prop"), key: z.string().min(1).max(100) }),
    ])
    .optional(),
});
export type FunnelQuery = z.infer<typeof funnelQuery>;

/** The event name a step reads from the events store. */
export const stepEventName = (step: FunnelStep) =>
  step.kind === "pageview" ? "$pageview" : step.kind === "form" ? FORM_EVENT : step.name;

/** Where a step's events are read from: a page's views by path when the step names a path, else by name. */
export function stepSource(step: FunnelStep): EventSource {
  if (step.kind === "pageview" && step.url?.value.startsWith("/")) {
    if (step.url.mode === "equals") return { path: step.url.value };
    if (step.url.mode === "prefix") return { pathPrefix: step.url.value };
  }
  return { name: stepEventName(step) };
}

export function stepMatches(step: FunnelStep, e: StoredEvent, path = pathOf(e.url ?? "")): boolean {
  if (e.name !== stepEventName(step)) return false;
  if (step.kind === "pageview" && step.url && step.url.value) {
    const url = e.url ?? "";
    const { mode, value } = step.url;
    if (mode === "equals" && path !== value && url !== value) return false;
    if (mode === "prefix" && !path.startsWith(value) && !url.startsWith(value)) return false;
    if (mode === "contains" && !url.includes(value)) return false;
  }
  if (step.kind === "form" && step.form && !formKeys(e.props).includes(formKey(step.form))) return false;
  for (const c of step.where) {
    const raw = e.props[c.key];
    const v = raw === undefined ? undefined : String(raw);
    if (c.op === "equals" && v !== c.value) return false;
    if (c.op === "not_equals" && v === c.value) return false;
    if (c.op === "contains" && !(v ?? "").includes(c.value)) return false;
  }
  return true;
}

export interface PathStep {
  at: number;
  sessionId: string;
  eventId: string;
}

export interface PersonPath {
  distinctId: string;
  /** Steps reached, 1..n (persons who never did step 1 in range are not listed). */
  reached: number;
  /** The event that filled each reached step. */
  steps: PathStep[];
}

const before = (a: StoredEvent, b: StoredEvent) => a.at < b.at || (a.at === b.at && a.id < b.id);

/**
 * Each person's best path through the steps. `events` are candidate events (any order, any
 * person, repeats allowed); `personOf` names an event's person (null: drop the event).
 */
export function funnelPaths(
  q: Pick<FunnelQuery, "steps" | "windowMs" | "from" | "to">,
  events: StoredEvent[],
  personOf: (e: StoredEvent) => string | null,
): PersonPath[] {
  type Candidate = StoredEvent & { fills: boolean[] };
  const byPerson = new Map<string, Candidate[]>();
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.id)) continue; // one event can be read for several steps
    seen.add(e.id);
    const path = e.url ? pathOf(e.url) : "";
    const fills = q.steps.map((s) => stepMatches(s, e, path));
    if (!fills.includes(true)) continue;
    const person = personOf(e);
    if (person === null) continue;
    const c = { ...e, fills };
    const list = byPerson.get(person);
    if (list) list.push(c);
    else byPerson.set(person, [c]);
  }
  const out: PersonPath[] = [];
  for (const [distinctId, list] of byPerson) {
    list.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    // For each step, the positions (in `list`) of events that can fill it.
    const positions = q.steps.map((_, k) => list.flatMap((e, i) => (e.fills[k] ? [i] : [])));
    let best: number[] | null = null;
    for (const start of positions[0]!) {
      const first = list[start]!;
      if (first.at < q.from || first.at > q.to) continue;
      const path = [start];
      for (let k = 1; k < q.steps.length; k++) {
        const next = firstAfter(positions[k]!, path[k - 1]!);
        if (next === undefined || list[next]!.at - first.at > q.windowMs) break;
        path.push(next);
      }
      if (!best || path.length > best.length) best = path;
      if (best.length === q.steps.length) break;
    }
    if (best) {
      out.push({
        distinctId,
        reached: best.length,
        steps: best.map((i) => ({ at: list[i]!.at, sessionId: list[i]!.sessionId, eventId: list[i]!.id })),
      });
    }
  }
  return out.sort((a, b) => (a.distinctId < b.distinctId ? -1 : 1));
}

/** The first position in the ascending list greater than `after`. */
export function firstAfter(sorted: number[], after: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

export interface StepFigures {
  persons: number;
  /** Share of the previous step's persons (1 for the first step). */
  fromPrevious: number;
  fromFirst: number;
  /** Persons of the previous step who did not reach this one (0 for the first step). */
  droppedOff: number;
  /** Median time from the previous step, ms (null for the first step or nobody). */
  medianMsFromPrevious: number | null;
  medianMsFromFirst: number | null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function stepFigures(stepCount: number, paths: PersonPath[]): StepFigures[] {
  const out: StepFigures[] = [];
  for (let k = 0; k < stepCount; k++) {
    const reached = paths.filter((p) => p.reached > k);
    const previous = k === 0 ? reached.length : out[k - 1]!.persons;
    const first = out[0]?.persons ?? reached.length;
    out.push({
      persons: reached.length,
      fromPrevious: k === 0 ? 1 : previous ? reached.length / previous : 0,
      fromFirst: first ? reached.length / first : 0,
      droppedOff: k === 0 ? 0 : previous - reached.length,
      medianMsFromPrevious: k === 0 ? null : median(reached.map((p) => p.steps[k]!.at - p.steps[k - 1]!.at)),
      medianMsFromFirst: k === 0 ? null : median(reached.map((p) => p.steps[k]!.at - p.steps[0]!.at)),
    });
  }
  return out;
}

/**
 * The persons behind one bar: `converted` at step k reached it; `dropped` at step k reached the
 * step before and not k. `moment` is where to open their replay: the step they reached last
 * among those the list is about.
 */
export function stepPersons(
  paths: PersonPath[],
  step: number,
  outcome: "converted" | "dropped",
): { distinctId: string; reached: number; moment: PathStep }[] {
  const chosen =
    outcome === "converted"
      ? paths.filter((p) => p.reached > step)
      : paths.filter((p) => p.reached === step && step > 0);
  return chosen.map((p) => ({
    distinctId: p.distinctId,
    reached: p.reached,
    moment: p.steps[outcome === "converted" ? step : step - 1]!,
  }));
}

/** A step as people read it: "Viewed /checkout", "checkout_started where plan = growth". */
export function stepLabel(step: FunnelStep): string {
  const ops = { equals: "=", not_equals: "≠", contains: "contains" } as const;
  const where = step.where.map((c) => `${c.key} ${ops[c.op]} ${c.value}`).join(", ");
  let base: string;
  if (step.kind === "event") base = step.name || "(choose an event)";
  else if (step.kind === "form") base = step.form ? `Submitted the form ${step.form}` : "Submitted any form";
  else if (!step.url?.value) base = "Viewed any page";
  else {
    const how = { equals: "", prefix: "a page under ", contains: "a URL containing " }[step.url.mode];
    base = `Viewed ${how}${step.url.value}`;
  }
  return where ? `${base} where ${where}` : base;
}

export interface ConversionDay {
  /** UTC midnight of the day the persons entered the funnel (did step 1). */
  day: number;
  entered: number;
  converted: number;
}

/**
 * Conversion over time: persons by the UTC day they entered (their step 1), and how many of them
 * went on to the last step. Every day of the range is listed, empty ones too, so a gap shows.
 */
export function conversionTrend(
  stepCount: number,
  paths: PersonPath[],
  from: number,
  to: number,
): ConversionDay[] {
  const DAY = 86_400_000;
  const first = Math.floor(from / DAY) * DAY;
  const days = Math.min(Math.max(1, Math.floor(to / DAY) - first / DAY + 1), 400);
  const out: ConversionDay[] = Array.from({ length: days }, (_, i) => ({
    day: first + i * DAY,
    entered: 0,
    converted: 0,
  }));
  for (const p of paths) {
    const i = Math.floor((p.steps[0]!.at - first) / DAY);
    const row = out[i];
    if (!row) continue;
    row.entered++;
    if (p.reached === stepCount) row.converted++;
  }
  return out;
}

/** Upper bounds (ms) of the time-to-convert buckets; the last bucket is everything longer. */
export const CONVERT_BUCKETS: [number, string][] = [
  [10_000, "< 10 s"],
  [60_000, "10 s – 1 min"],
  [300_000, "1 – 5 min"],
  [1_800_000, "5 – 30 min"],
  [3_600_000, "30 min – 1 h"],
  [86_400_000, "1 h – 1 day"],
  [Number.POSITIVE_INFINITY, "> 1 day"],
];

/** How long the persons who converted took from step 1 to the last step, bucketed. */
export function timeToConvert(stepCount: number, paths: PersonPath[]): { label: string; persons: number }[] {
  const counts = CONVERT_BUCKETS.map(([, label]) => ({ label, persons: 0 }));
  for (const p of paths) {
    if (p.reached !== stepCount || stepCount < 2) continue;
    const took = p.steps[stepCount - 1]!.at - p.steps[0]!.at;
    counts[CONVERT_BUCKETS.findIndex(([max]) => took < max)]!.persons++;
  }
  return counts;
}

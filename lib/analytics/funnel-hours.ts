import { type EventHour, eventIdOf } from "@/lib/data/event-hours";
import type { StoredEvent } from "@/lib/data/events";
import { indexIn } from "@/lib/intern";
import { pathOf } from "@/lib/url-path";
import type { FunnelQuery, PersonPath } from "./funnel";
import { firstAfter, stepMatches } from "./funnel";

/**
 * `funnelPaths` (funnel.ts) over hourly snapshots of the event indexes, with the same semantics —
 * the brute-force tests hold both to it — but without an object per event: each step is matched
 * once per distinct (name, url, properties), events are columns of numbers grouped by person with a
 * counting sort, and an event's id is looked at only to order two events of one person in the same
 * millisecond.
 */

/** Lists up to this long are walked step by step; longer ones get per-step positions and binary search. */
const SHORT_LIST = 32;

export function funnelPathsOfHours(
  q: Pick<FunnelQuery, "steps" | "windowMs" | "from" | "to">,
  hours: EventHour[],
  /** The person of an event from its recorded distinct id ("" for none) and session; null drops it. */
  personOf: (recorded: string, sessionId: string) => string | null,
): { paths: PersonPath[]; eventsRead: number } {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const number = (who: string | null) => (who === null ? -1 : indexIn(ids, names, who));
  const people = hours.map((hour): HourPersons => {
    const byRow = hour.persons.includes("")
      ? Int32Array.from(hour.person, (pi, r) =>
          hour.persons[pi] === "" ? number(personOf("", hour.sessions[hour.session[r]!]!)) : -1,
        )
      : null;
    // A recorded id stands for the same person whatever the session: the first row's is passed.
    const sessionOf = new Int32Array(hour.persons.length);
    for (let r = hour.length - 1; r >= 0; r--) sessionOf[hour.person[r]!] = hour.session[r]!;
    const byRecorded = Int32Array.from(hour.persons, (who, pi) =>
      who === "" ? -1 : number(personOf(who, hour.sessions[sessionOf[pi]!]!)),
    );
    return { byRecorded, byRow };
  });
  return pathsOfNumbered(q, hours, people, names, null);
}

/**
 * The persons of one span's events as numbers into a list of names: per recorded distinct id, and,
 * for a span holding events without one (their session's person), per event; -1 drops the event.
 */
export interface HourPersons {
  byRecorded: Int32Array;
  byRow: Int32Array | null;
}

/**
 * The engine over spans whose persons are already numbered (`people[h]` for `hours[h]`, numbers
 * into `names`). With `only`, just the persons flagged in it get a path — for recomputing the few
 * persons a change touched — while eventsRead still counts every event of the range.
 */
export function pathsOfNumbered(
  q: Pick<FunnelQuery, "steps" | "windowMs" | "from" | "to">,
  hours: EventHour[],
  people: HourPersons[],
  names: string[],
  only: Uint8Array | null,
): { paths: PersonPath[]; eventsRead: number } {
  const end = q.to + q.windowMs;
  // Columns sized for every event of the hours, filled up to `n`: no array grows while reading.
  const total = hours.reduce((sum, h) => sum + h.length, 0);
  const at = new Float64Array(total);
  const person = new Int32Array(total);
  const mask = new Int32Array(total);
  const hourOf = new Int32Array(total);
  const rowOf = new Int32Array(total);
  let n = 0;
  let eventsRead = 0;
  hours.forEach((hour, h) => {
    const masks = hour.shapes.map(([name, url, props]) => shapeMask(q.steps, name, url, props));
    const { byRecorded, byRow } = people[h]!;
    for (let r = 0; r < hour.length; r++) {
      const t = hour.at[r]!;
      if (t < q.from || t > end) continue;
      eventsRead++;
      const m = masks[hour.shape[r]!]!;
      if (m === 0) continue;
      const p = byRow && byRow[r]! >= 0 ? byRow[r]! : byRecorded[hour.person[r]!]!;
      if (p < 0 || (only && !only[p])) continue;
      at[n] = t;
      person[n] = p;
      mask[n] = m;
      hourOf[n] = h;
      rowOf[n++] = r;
    }
  });
  const idOf = (e: number) => eventIdOf(hours[hourOf[e]!]!, rowOf[e]!);
  const byPerson = groupByPerson(person.subarray(0, n), names.length);
  const out: PersonPath[] = [];
  for (let p = 0; p < names.length; p++) {
    if (byPerson.start[p] === byPerson.start[p + 1]) continue;
    const list = byPerson.events.subarray(byPerson.start[p]!, byPerson.start[p + 1]!);
    list.sort((a, b) => at[a]! - at[b]! || compareIds(idOf(a), idOf(b)));
    const events = withoutRepeats(list, at, idOf);
    const best = bestPath(q, events, at, mask);
    if (!best) continue;
    out.push({
      distinctId: names[p]!,
      reached: best.length,
      steps: best.map((e) => {
        const hour = hours[hourOf[e]!]!;
        const row = rowOf[e]!;
        return { at: at[e]!, sessionId: hour.sessions[hour.session[row]!]!, eventId: eventIdOf(hour, row) };
      }),
    });
  }
  return { paths: out.sort((a, b) => (a.distinctId < b.distinctId ? -1 : 1)), eventsRead };
}

/** Which steps an event of this name, URL and properties can fill, one bit each. */
function shapeMask(
  steps: FunnelQuery["steps"],
  name: string,
  url: string | null,
  props: StoredEvent["props"],
): number {
  const e: StoredEvent = { id: "", sessionId: "", name, at: 0, url: url ?? undefined, props };
  const path = url ? pathOf(url) : "";
  let m = 0;
  steps.forEach((s, k) => {
    if (stepMatches(s, e, path)) m |= 1 << k;
  });
  return m;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Event numbers grouped by person (counting sort): person p's are events[start[p] .. start[p + 1]). */
function groupByPerson(person: Int32Array, persons: number): { events: Int32Array; start: Int32Array } {
  const start = new Int32Array(persons + 1);
  for (const p of person) start[p + 1]!++;
  for (let p = 0; p < persons; p++) start[p + 1]! += start[p]!;
  const next = start.slice(0, persons);
  const events = new Int32Array(person.length);
  person.forEach((p, e) => {
    events[next[p]!++] = e;
  });
  return { events, start };
}

/** The sorted list without an event read twice (same id and time: one index member written twice). */
function withoutRepeats(list: Int32Array, at: Float64Array, idOf: (e: number) => string): Int32Array {
  let kept = list.length;
  for (let i = 1; i < list.length; i++)
    if (at[list[i]!] === at[list[i - 1]!] && idOf(list[i]!) === idOf(list[i - 1]!)) kept--;
  if (kept === list.length) return list;
  const out = new Int32Array(kept);
  let j = 0;
  for (let i = 0; i < list.length; i++)
    if (i === 0 || at[list[i]!] !== at[list[i - 1]!] || idOf(list[i]!) !== idOf(list[i - 1]!))
      out[j++] = list[i]!;
  return out;
}

/**
 * One person's best path over their events in (time, id) order: an attempt starts at each step-1
 * event inside the range and takes, step by step, the first later event that fills the next step
 * within the window of its start; the longest attempt wins, the earliest among equals.
 */
function bestPath(
  q: Pick<FunnelQuery, "steps" | "windowMs" | "from" | "to">,
  list: Int32Array,
  at: Float64Array,
  mask: Int32Array,
): number[] | null {
  const n = q.steps.length;
  const next = list.length <= SHORT_LIST ? scanFrom(list, mask) : searchFrom(list, mask, n);
  let best: number[] | null = null;
  for (let s = 0; s < list.length; s++) {
    const first = list[s]!;
    if (!(mask[first]! & 1)) continue;
    const t0 = at[first]!;
    if (t0 < q.from || t0 > q.to) continue;
    const path = [s];
    for (let k = 1; k < n; k++) {
      const i = next(k, path[k - 1]!);
      if (i < 0 || at[list[i]!]! - t0 > q.windowMs) break;
      path.push(i);
    }
    if (!best || path.length > best.length) best = path;
    if (best.length === n) break;
  }
  return best ? best.map((i) => list[i]!) : null;
}

/** The first position after `after` whose event fills step k (-1: none), by walking the list. */
function scanFrom(list: Int32Array, mask: Int32Array) {
  return (k: number, after: number) => {
    const bit = 1 << k;
    for (let i = after + 1; i < list.length; i++) if (mask[list[i]!]! & bit) return i;
    return -1;
  };
}

/** The same by binary search in each step's positions, for a long list. */
function searchFrom(list: Int32Array, mask: Int32Array, steps: number) {
  const positions: number[][] = Array.from({ length: steps }, () => []);
  list.forEach((e, i) => {
    for (let k = 0; k < steps; k++) if (mask[e]! & (1 << k)) positions[k]!.push(i);
  });
  return (k: number, after: number) => firstAfter(positions[k]!, after) ?? -1;
}

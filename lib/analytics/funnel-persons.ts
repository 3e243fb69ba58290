import { SizedLru } from "@/lib/cache";
import { type EventHour, HOUR_MS } from "@/lib/data/event-hours";
import { isAnonymousId, personResolver } from "@/lib/data/persons";
import { sessionFacts } from "@/lib/data/sessions";
import type { HourPersons } from "./funnel-hours";

/**
 * Who did a span's events, as numbers: each workspace numbers the persons it resolves at one alias
 * version (`Numbering`), and each decoded span keeps its persons' numbers at that numbering, so a
 * funnel run over spans it has seen does no id resolution at all, and two runs at one numbering can
 * compare the persons of a span by number (what lets run-funnel recompute only the persons a new
 * batch touched). Everything here is exact while the alias version is: every alias change and every
 * change of a session's person bumps it (lib/data/persons).
 */

export interface Numbering {
  aliases: string;
  ids: Map<string, number>;
  names: string[];
}

/** Per workspace, the numbering at its latest alias version seen here; bounded in persons. */
const numberings = new SizedLru<Numbering>(4_000_000);

/** Per decoded span (the object the decoded-snapshot cache holds): its persons at a numbering. */
export interface SpanPersons extends HourPersons {
  numbering: Numbering;
  /** The distinct persons (numbers) its events stand for, per hour (an hour's number → persons). */
  byHour: Map<number, Int32Array>;
}
const ofHour = new WeakMap<EventHour, SpanPersons>();

/** Forgets the numberings of this process (tests and benchmarks: a cold read). */
export function clearPersonNumbers(): void {
  numberings.clear();
}

/**
 * The persons of each span at alias version `aliases` (read with aliasVersion before the spans): from
 * memory for a span seen at this numbering, else resolved — the anonymous ids through personResolver
 * (cached per alias version), events without a recorded id through their session — together.
 */
export async function spanPersons(
  ws: string,
  hours: EventHour[],
  aliases: string,
): Promise<{ numbering: Numbering; spans: SpanPersons[] }> {
  let numbering = numberings.get(ws);
  if (numbering?.aliases !== aliases) numbering = { aliases, ids: new Map(), names: [] };
  const current = numbering;
  const missing = hours.filter((h) => ofHour.get(h)?.numbering !== current);
  if (missing.length) {
    const recorded = new Set<string>();
    const unnamed = new Set<string>();
    for (const hour of missing) {
      for (const p of hour.persons) if (isAnonymousId(p)) recorded.add(p);
      if (!hour.persons.includes("")) continue;
      for (let i = 0; i < hour.length; i++)
        if (hour.persons[hour.person[i]!] === "") unnamed.add(hour.sessions[hour.session[i]!]!);
    }
    const [personOf, sessions] = await Promise.all([
      personResolver(ws, recorded, aliases),
      sessionFacts(ws, [...unnamed]),
    ]);
    const number = (who: string | undefined) => (who === undefined ? -1 : indexOf(current, who));
    for (const hour of missing) {
      const byRecorded = Int32Array.from(hour.persons, (who) => (who === "" ? -1 : number(personOf(who))));
      const byRow = hour.persons.includes("")
        ? Int32Array.from(hour.person, (pi, r) =>
            hour.persons[pi] === "" ? number(sessions.get(hour.sessions[hour.session[r]!]!)?.distinctId) : -1,
          )
        : null;
      ofHour.set(hour, {
        numbering: current,
        byRecorded,
        byRow,
        byHour: personsByHour(hour, byRecorded, byRow),
      });
    }
  }
  numberings.set(ws, current, current.names.length + 1);
  return { numbering: current, spans: hours.map((h) => ofHour.get(h)!) };
}

function personsByHour(
  hour: EventHour,
  byRecorded: Int32Array,
  byRow: Int32Array | null,
): Map<number, Int32Array> {
  const sets = new Map<number, Set<number>>();
  for (let r = 0; r < hour.length; r++) {
    const p = byRow && byRow[r]! >= 0 ? byRow[r]! : byRecorded[hour.person[r]!]!;
    if (p < 0) continue;
    const h = Math.floor(hour.at[r]! / HOUR_MS);
    const set = sets.get(h);
    if (set) set.add(p);
    else sets.set(h, new Set([p]));
  }
  return new Map([...sets].map(([h, set]) => [h, Int32Array.from(set)]));
}

function indexOf(numbering: Numbering, id: string): number {
  let i = numbering.ids.get(id);
  if (i === undefined) {
    i = numbering.names.length;
    numbering.names.push(id);
    numbering.ids.set(id, i);
  }
  return i;
}

import { kv } from "@/lib/storage/kv";
import { listCohorts } from "./cohorts";
import { eventDefinitions } from "./events";
import { listPersons, personIndexKey, personKeys, personProperties } from "./persons";
import { sessionKeys } from "./session-keys";
import { type FacetValue, formIndexKeys, requestIndexKeys, urlIndexKeysUnder } from "./sessions";
import { workspaceTags } from "./tags";

/**
 * Values for the page, event and request pickers, with the sessions that have each, most first —
 * as the browser/OS/device/country pickers get theirs (facetValuesOf), from the catalogs ingest
 * keeps: the url index catalog, the event definitions and the request catalog.
 */

/** Values a picker offers at most. */
export const PICKER_VALUES = 50;
/** Index keys counted at most: a workspace with more pages shows the busiest of these. */
const COUNTED = 2_000;

async function countedBySessions(keys: string[], nameAt: (i: number) => string): Promise<FacetValue[]> {
  if (keys.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const key of keys) p.zcard(key);
  const counts = await p.exec<number[]>();
  return keys
    .map((_, i) => ({ value: nameAt(i), sessions: counts[i] ?? 0 }))
    .filter((v) => v.sessions > 0 && v.value !== "")
    .sort((a, b) => b.sessions - a.sessions || a.value.localeCompare(b.value))
    .slice(0, PICKER_VALUES);
}

/** Page paths recorded (as the url index holds them: lowercase), most sessions first. */
export async function pageValuesOf(ws: string): Promise<FacetValue[]> {
  const keys = (await urlIndexKeysUnder(ws, "")).slice(0, COUNTED);
  const prefix = sessionKeys.index(ws, "url", "");
  return countedBySessions(keys, (i) => keys[i]!.slice(prefix.length));
}

/** Custom event names recorded (not $pageview and friends), most sessions first. */
export async function eventValuesOf(ws: string): Promise<FacetValue[]> {
  const names = (await eventDefinitions(ws))
    .map((d) => d.name)
    .filter((n) => !n.startsWith("$"))
    .slice(0, COUNTED);
  return countedBySessions(
    names.map((n) => sessionKeys.index(ws, "event", n)),
    (i) => names[i]!,
  );
}

/**
 * Requests captured (network capture on), as "POST /api/cart" — the method upper case, the
 * normalised path as the index holds it (lower case) — most sessions first.
 */
export async function requestValuesOf(ws: string): Promise<FacetValue[]> {
  const keys = (await requestIndexKeys(ws)).slice(0, COUNTED);
  const prefix = sessionKeys.index(ws, "request", "");
  return countedBySessions(keys, (i) => {
    const value = keys[i]!.slice(prefix.length);
    const space = value.indexOf(" ");
    return value.slice(0, space).toUpperCase() + value.slice(space);
  });
}

/** Form keys submitted (a form's name, id and action path, case folded), most sessions first. */
export async function formValuesOf(ws: string): Promise<FacetValue[]> {
  const keys = (await formIndexKeys(ws)).slice(0, COUNTED);
  const prefix = sessionKeys.index(ws, "form", "");
  return countedBySessions(keys, (i) => keys[i]!.slice(prefix.length));
}

/** Persons the person picker offers before anything is typed (typing searches them all, see listPersons). */
export const PICKER_PERSONS = 20;

/** The persons seen most recently, with their sessions: the person picker's first options. */
export async function personValuesOf(ws: string): Promise<FacetValue[]> {
  const { persons } = await listPersons(ws, { sort: "last", limit: PICKER_PERSONS });
  return persons.map((p) => ({ value: p.distinctId, sessions: p.sessionCount }));
}

/** Persons whose properties the property picker reads: the most recently seen, so the read is bounded. */
export const PROPERTY_PERSONS = 1_000;
/** Property keys the picker offers at most, and values per key. */
export const PICKER_PROPERTY_KEYS = 30;
/** Longer values are left out of the picker (an id or a JSON blob is searched by typing it). */
const PICKER_VALUE_CHARS = 100;

export interface PropertyValues {
  key: string;
  /** Sessions of the persons read that have this key at all. */
  sessions: number;
  values: FacetValue[];
}

/**
 * Person property keys and values with the sessions `prop:key=value` would match, most first,
 * read from the PROPERTY_PERSONS most recently seen persons (exact in a workspace with fewer).
 */
export async function propertyValuesOf(ws: string): Promise<PropertyValues[]> {
  const ids = await (await kv()).zrange(personKeys.lastSeen(ws), {
    by: "rank",
    start: 0,
    stop: PROPERTY_PERSONS - 1,
    rev: true,
  });
  // Most visitors never identify: their sessions are counted only when they have a property.
  const props = await personProperties(ws, ids);
  const withProps = ids.filter((id) => Object.keys(props.get(id) ?? {}).length > 0);
  const p = (await kv()).pipeline();
  for (const id of withProps) p.zcard(personIndexKey(ws, id));
  const sessions = withProps.length ? await p.exec<number[]>() : [];
  const byKey = new Map<string, { sessions: number; values: Map<string, number> }>();
  withProps.forEach((id, i) => {
    const count = Number(sessions[i]) || 0;
    if (count === 0) return;
    for (const [key, value] of Object.entries(props.get(id)!)) {
      const entry = byKey.get(key) ?? { sessions: 0, values: new Map<string, number>() };
      byKey.set(key, entry);
      entry.sessions += count;
      if (value !== "" && value.length <= PICKER_VALUE_CHARS)
        entry.values.set(value, (entry.values.get(value) ?? 0) + count);
    }
  });
  return [...byKey.entries()]
    .map(([key, { sessions, values }]) => ({
      key,
      sessions,
      values: [...values.entries()]
        .map(([value, n]) => ({ value, sessions: n }))
        .sort((a, b) => b.sessions - a.sessions || a.value.localeCompare(b.value))
        .slice(0, PICKER_VALUES),
    }))
    .sort((a, b) => b.sessions - a.sessions || a.key.localeCompare(b.key))
    .slice(0, PICKER_PROPERTY_KEYS);
}

/** Tags added in the player, with the sessions carrying each, most first. */
export async function tagValuesOf(ws: string): Promise<FacetValue[]> {
  return (await workspaceTags(ws, PICKER_VALUES)).map((t) => ({ value: t.tag, sessions: t.count }));
}

/** Saved cohorts by name (sessions are not counted: a cohort is resolved when searched). */
export async function cohortValuesOf(ws: string): Promise<string[]> {
  return (await listCohorts(ws)).map((c) => c.name).sort((a, b) => a.localeCompare(b));
}

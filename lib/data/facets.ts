import { kv } from "@/lib/storage/kv";
import { eventDefinitions } from "./events";
import { sessionKeys } from "./session-keys";
import { type FacetValue, formIndexKeys, requestIndexKeys, urlIndexKeysUnder } from "./sessions";

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
    .map((_, i) => ({ value: nameAt(i), sessions: Number(counts[i]) || 0 }))
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

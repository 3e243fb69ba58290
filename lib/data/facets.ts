import { kv } from "@/lib/storage/kv";
import { eventDefinitions } from "./events";
import { sessionKeys } from "./session-keys";
import { type FacetValue, urlIndexKeysUnder } from "./sessions";

/**
 * Values for the page and event pickers, with the sessions that have each, most first — as the
 * browser/OS/device/country pickers get theirs (facetValuesOf), from the catalogs ingest already
 * keeps: the url index catalog and the event definitions.
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

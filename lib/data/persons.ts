import { kv } from "@/lib/storage/kv";

/**
 * Persons: the properties a site sends with identify(), merged, per distinct id. (The persons list,
 * pages and aliasing come with issue #8; ingest and search read and write properties here.)
 */

export const personKeys = {
  person: (ws: string, distinctId: string) => `{w:${ws}}:p:${distinctId}`,
};

/** Property values as stored: strings as they are, anything else as JSON, each at most 500 characters. */
export function storableProperties(properties: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(properties).slice(0, 100)) {
    if (!k || k.length > 100 || v === undefined || v === null) continue;
    out[k] = (typeof v === "string" ? v : JSON.stringify(v)).slice(0, 500);
  }
  return out;
}

/** Properties of many persons in one pipeline. */
export async function personProperties(
  ws: string,
  distinctIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const unique = [...new Set(distinctIds)];
  if (unique.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const id of unique) p.hgetall(personKeys.person(ws, id));
  const rows = await p.exec<Record<string, string>[]>();
  return new Map(unique.map((id, i) => [id, rows[i] ?? {}]));
}

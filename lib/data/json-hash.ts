import type { z } from "zod";
import { kv } from "@/lib/storage/kv";
import { parseOrCorrupt, skipCorrupt } from "./record";

/**
 * Entities kept as JSON values of one hash (saved funnels, cohorts, comments, playlists, shares,
 * linked issues), parsed with the entity's schema: every value, unreadable ones left out and logged.
 */
export async function readJsonHash<S extends z.ZodType>(
  key: string,
  schema: S,
  what: string,
): Promise<z.output<S>[]> {
  const raw = await (await kv()).hgetall(key);
  return Object.entries(raw).flatMap(([field, r]) =>
    skipCorrupt(() => parseJsonRecord(schema, `${what} ${field}`, r), what),
  );
}

/** One value of such a hash, or null; Corrupt when it does not fit the schema. */
export async function readJsonField<S extends z.ZodType>(
  key: string,
  field: string,
  schema: S,
  what: string,
): Promise<z.output<S> | null> {
  const raw = await (await kv()).hget(key, field);
  return raw ? parseJsonRecord(schema, `${what} ${field}`, raw) : null;
}

/** A record stored as JSON text, parsed with its schema (Corrupt when either fails). */
export function parseJsonRecord<S extends z.ZodType>(schema: S, what: string, raw: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return parseOrCorrupt(schema, what, Symbol("not JSON"));
  }
  return parseOrCorrupt(schema, what, value);
}

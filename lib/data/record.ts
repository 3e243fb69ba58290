import { z } from "zod";
import { Corrupt } from "@/lib/errors/domain";

/**
 * Every entity of lib/data parses what it reads from the store with its zod schema, here, once: a
 * single read of a record that does not fit is Corrupt (a 500 naming the record and the field, and
 * logged); a list leaves the record out and logs it, so one bad record does not hide the others
 * (docs/ARCHITECTURE.md "Typed records").
 */

/** Parses a stored record, or throws Corrupt naming what and the first fields that do not fit. */
export function parseOrCorrupt<S extends z.ZodType>(schema: S, what: string, stored: unknown): z.output<S> {
  const parsed = schema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
  throw new Corrupt(`The stored ${what} is unreadable (${why}).`);
}

/**
 * Records of a list where one unreadable record must not hide the others: it is left out and
 * logged, once per read.
 */
export function skipCorrupt<T>(read: () => T, what: string): T[] {
  try {
    return [read()];
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    console.error(`[data] ${what}: ${error.message} Left out of the list.`);
    return [];
  }
}

/** skipCorrupt for a read that awaits the store. */
export async function skipCorruptAsync<T>(read: () => Promise<T>, what: string): Promise<T[]> {
  try {
    return [await read()];
  } catch (error) {
    if (!(error instanceof Corrupt)) throw error;
    console.error(`[data] ${what}: ${error.message} Left out of the list.`);
    return [];
  }
}

/** Who made a record and when, as the authored entities (playlists, funnels, cohorts) store it. */
export const authoredFields = {
  id: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
};

/**
 * Building blocks for records kept as hash fields, where the store hands every value back as a
 * string: the schema turns them into what the record's type says.
 */
export const stored = {
  /** A counter kept with HINCRBY/INCR: absent until the first count. */
  count: z.coerce.number().int().nonnegative().default(0),
  /** A sum kept with HINCRBY that may go down as well as up. */
  int: z.coerce.number().int().default(0),
  /** A time in epoch milliseconds that the record always has. */
  time: z.coerce.number().int().nonnegative(),
  /** A time in epoch milliseconds that may be absent or written as "" (unset). */
  optionalTime: z
    .union([z.literal("").transform(() => null), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => v ?? null),
  /** A flag written as "1" (true) or "0"/absent (false). */
  flag: z
    .enum(["1", "0"])
    .optional()
    .transform((v) => v === "1"),
};

/** One counter's stored value (null or absent before the first count) as a number; Corrupt otherwise. */
export function parseCount(what: string, raw: string | null | undefined): number {
  return parseOrCorrupt(stored.count, what, raw ?? undefined);
}

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

/** Who made a record and when, as the authored entities (playlists, funnels, cohorts) store it. */
export const authoredFields = {
  id: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
};

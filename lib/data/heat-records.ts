import { z } from "zod";
import type { HeatSnapshot } from "./heatmaps";
import { parseJsonRecord } from "./json-hash";
import { skipCorrupt } from "./record";

/**
 * What the heatmaps store as JSON, parsed with a schema on read (docs/ARCHITECTURE.md "Typed
 * records"). Heat is summed over many days and sessions: a value that does not fit is left out of
 * the sum and logged, never a failed page.
 */

/** A backdrop recorded of a page: the chunk whose snapshot shows it, and the viewport. */
const storedSnapshot = z.object({
  sessionId: z.string(),
  chunkId: z.string(),
  at: z.number(),
  width: z.number(),
  height: z.number(),
}) satisfies z.ZodType<HeatSnapshot>;

/** A packed grid: the write count it reflects, and [cell index, count, cell index, count, …]. */
const storedPacked = z.object({ w: z.number(), cells: z.array(z.number()) });
export type Packed = z.infer<typeof storedPacked>;

const layerCounts = z.object({
  c: z.number().optional(),
  r: z.number().optional(),
  d: z.number().optional(),
});

/** One batch's own heat of a session (lib/ingest/heat.ts GroupHeat's cells, elements, moments, offsets). */
const storedBatchHeat = z.object({
  cells: z.record(z.string(), z.number()).default({}),
  elements: z.record(z.string(), layerCounts).default({}),
  moments: z.record(z.string(), z.number()).default({}),
  /** Target → offset grid cell → clicks (older batches have none). */
  offsets: z.record(z.string(), z.record(z.string(), z.number())).default({}),
});
export type BatchHeat = z.infer<typeof storedBatchHeat>;

const leftOut = <T>(read: () => T): T | null => skipCorrupt(read, "heatmaps")[0] ?? null;

export const parseHeatSnapshot = (field: string, raw: string): HeatSnapshot | null =>
  leftOut(() => parseJsonRecord(storedSnapshot, `heat backdrop ${field}`, raw));

export const parsePacked = (raw: string | null): Packed | null =>
  raw ? leftOut(() => parseJsonRecord(storedPacked, "packed heat grid", raw)) : null;

export const parseBatchHeat = (field: string, raw: string): BatchHeat | null =>
  leftOut(() => parseJsonRecord(storedBatchHeat, `batch heat ${field}`, raw));

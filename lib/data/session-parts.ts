import { z } from "zod";
import type { ChunkMeta } from "./chunks";
import { SIGNAL_KINDS } from "./session-record";

/**
 * What a session stores beside its hash, as JSON: ingest's carry between batches, the notes on
 * each chunk and the signals found. Each is parsed with its schema on read (docs/ARCHITECTURE.md
 * "Typed records").
 */

const click = z.object({ at: z.number(), x: z.number(), y: z.number() });
const page = z.object({ url: z.string(), at: z.number() });

/** The heatmaps' part of the carry (lib/ingest/heat.ts HeatCarry). */
const heatCarry = z.object({
  path: z.string().nullable(),
  doc: z.number().nullable(),
  scrollY: z.number(),
  width: z.number(),
  height: z.number(),
  clicks: z.array(
    z.object({
      at: z.number(),
      group: z.string(),
      cell: z.string(),
      target: z.string().nullable(),
      node: z.number().nullable(),
      label: z.string().max(80).optional(),
    }),
  ),
  depths: z.record(z.string(), z.number()),
  batches: z.record(z.string(), z.number()).optional(),
});

/** Ingest's hand-over between batches (lib/ingest/summarize.ts Carry); older carries lack the optional parts. */
export const storedCarry = z.object({
  lastTs: z.number(),
  clicks: z.array(click),
  reactions: z.array(z.number()),
  pages: z.array(page),
  ragedUntil: z.number(),
  judgedUntil: z.number(),
  ragedClicks: z.array(z.number()).optional(),
  failures: z.array(z.number()).optional(),
  activeUntil: z.number().optional(),
  heat: heatCarry.optional(),
  customEvents: z.record(z.string(), z.number().int().nonnegative()).optional(),
});

/** What ingest noted about one chunk; notes written by older versions lack the later parts. */
export const storedChunkMeta = z
  .object({
    lastTs: z.number(),
    events: z.number(),
    full: z.boolean(),
    seq: z.number(),
    window: z.string(),
    bytes: z.number(),
    canvas: z.number(),
    canvasFrames: z.number(),
  })
  .partial() satisfies z.ZodType<Partial<ChunkMeta>>;

/** One signal as the session's signals set keeps it, with the batch that found it. */
export const storedSignal = z.object({
  kind: z.enum(SIGNAL_KINDS),
  at: z.number(),
  x: z.number().optional(),
  y: z.number().optional(),
  url: z.string().optional(),
  count: z.number().optional(),
  batch: z.string(),
});

/** The retention a session was recorded under (days), kept on its hash. */
export const storedRetentionDays = z.coerce.number().int().positive();

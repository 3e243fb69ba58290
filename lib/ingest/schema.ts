import { z } from "zod";
import { type Batch, EventType } from "@/sdk/src/wire";
import { INGEST_LIMITS } from "./limits";

/**
 * The SDK's batch envelope (docs/ARCHITECTURE.md §4) and the shape every rrweb event must have, as
 * zod; the type they check against is the SDK's (sdk/src/wire.ts), so the two cannot drift.
 */

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-'");

export { EventType, IncrementalSource, MouseInteractions, NodeType } from "@/sdk/src/wire";

// Far enough from now to catch broken clocks, near enough to allow for offline queues.
const EARLIEST = Date.UTC(2015, 0, 1);
const timestamp = z
  .number()
  .int("must be a whole number of milliseconds")
  .refine(
    (t) => t >= EARLIEST && t <= Date.now() + 24 * 3600 * 1000,
    "must be a millisecond timestamp near now",
  );

/** The last event type the wire carries: rrweb's Plugin (the SDK sends no Asset nor Annotation events). */
const LAST_EVENT_TYPE = Math.max(...Object.values(EventType).filter((v) => typeof v === "number"));

export const rrwebEvent = z
  .object({
    type: z.number().int().min(0).max(LAST_EVENT_TYPE),
    timestamp,
    data: z.record(z.string(), z.unknown()),
  })
  .passthrough();

export type RrwebEvent = z.infer<typeof rrwebEvent>;

export const batchEnvelope = z.object({
  v: z.literal(1, "only version 1 of the batch format is understood"),
  sdk: z.string().max(64).optional(),
  sessionId: id,
  windowId: id.optional(),
  distinctId: z
    .string()
    .min(1)
    .max(200)
    .refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 32), "must not contain control characters"),
  batchId: id,
  seq: z.number().int().min(0).max(10_000_000),
  events: z.array(rrwebEvent).min(1, "a batch needs at least one event").max(INGEST_LIMITS.eventsPerBatch),
}) satisfies z.ZodType<Batch>;

export type BatchEnvelope = z.infer<typeof batchEnvelope>;

import { z } from "zod";

/** The SDK's batch envelope (docs/ARCHITECTURE.md §4) and the shape every rrweb event must have. */

export const MAX_EVENTS_PER_BATCH = 50_000;
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '_' or '-'");

export const EventType = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

export const IncrementalSource = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
  TouchMove: 6,
  CanvasMutation: 9,
} as const;

export const MouseInteraction = { Click: 2, DblClick: 4, TouchEnd: 9 } as const;

// Far enough from now to catch broken clocks, near enough to allow for offline queues.
const EARLIEST = Date.UTC(2015, 0, 1);
const timestamp = z
  .number()
  .int("must be a whole number of milliseconds")
  .refine(
    (t) => t >= EARLIEST && t <= Date.now() + 24 * 3600 * 1000,
    "must be a millisecond timestamp near now",
  );

export const rrwebEvent = z
  .object({
    type: z.number().int().min(0).max(6),
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
  events: z.array(rrwebEvent).min(1, "a batch needs at least one event").max(MAX_EVENTS_PER_BATCH),
});

export type BatchEnvelope = z.infer<typeof batchEnvelope>;

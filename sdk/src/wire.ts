/**
 * The batch format between the SDK and ingest (docs/ARCHITECTURE.md §4), written once: the SDK
 * builds it, and the server's zod schema (lib/ingest/schema.ts) is checked against it. The event
 * constants are rrweb's (@rrweb/types), restated as const enums so esbuild inlines them as
 * numbers instead of bundling rrweb's enum objects; tests/ingest/wire.test.ts holds them equal.
 */

export enum EventType {
  DomContentLoaded = 0,
  Load = 1,
  FullSnapshot = 2,
  IncrementalSnapshot = 3,
  Meta = 4,
  Custom = 5,
  Plugin = 6,
}

export enum IncrementalSource {
  Mutation = 0,
  MouseMove = 1,
  MouseInteraction = 2,
  Scroll = 3,
  ViewportResize = 4,
  Input = 5,
  TouchMove = 6,
  CanvasMutation = 9,
}

/** rrweb's MouseInteractions, the kinds signals read. */
export enum MouseInteractions {
  Click = 2,
  DblClick = 4,
  TouchEnd = 9,
}

/** One rrweb event as it travels: the server checks these three fields, and keeps the rest. */
export interface WireEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

export interface Batch {
  v: 1;
  sdk?: string;
  sessionId: string;
  windowId?: string;
  distinctId: string;
  batchId: string;
  seq: number;
  events: WireEvent[];
}

/** The caps ingest enforces (lib/ingest/limits.ts), sent in the remote config. */
export interface WireLimits {
  eventsPerBatch: number;
  capturedEventsPerBatch: number;
  [cap: string]: number;
}

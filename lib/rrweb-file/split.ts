import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { EventType, type WireEvent } from "@/sdk/src/wire";

/**
 * Cuts a list of rrweb events into runs our ingest takes as batches: at most `maxBytes` of JSON,
 * the per-batch event cap and the captured-event cap each (custom events — page views, events,
 * exceptions — are what that cap counts; an event larger than `maxBytes` goes alone, and ingest
 * refuses it with the cap's 413).
 */
export function splitEvents(events: WireEvent[], maxBytes: number): WireEvent[][] {
  const parts: WireEvent[][] = [];
  let part: WireEvent[] = [];
  let bytes = 0;
  let captured = 0;
  for (const e of events) {
    const size = JSON.stringify(e)?.length ?? 0;
    const custom = e.type === EventType.Custom ? 1 : 0;
    if (
      part.length > 0 &&
      (bytes + size > maxBytes ||
        part.length >= INGEST_LIMITS.eventsPerBatch ||
        captured + custom > INGEST_LIMITS.capturedEventsPerBatch)
    ) {
      parts.push(part);
      part = [];
      bytes = 0;
      captured = 0;
    }
    part.push(e);
    bytes += size;
    captured += custom;
  }
  if (part.length) parts.push(part);
  return parts;
}

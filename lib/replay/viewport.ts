import { EventType, IncrementalSource } from "@/sdk/src/wire";
import type { ReplayEvent } from "./timeline";

/**
 * The recorded viewport over time: each page load's meta event and each resize. The health line's
 * "shown at N %" and the stage's shape follow the viewport at the playhead, not the first one.
 */

export interface ViewportChange {
  at: number;
  width: number;
  height: number;
}

export function viewportChanges(events: readonly ReplayEvent[]): ViewportChange[] {
  const changes: ViewportChange[] = [];
  for (const e of events) {
    const resize =
      e.type === EventType.Meta ||
      (e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.ViewportResize);
    const { width, height } = e.data as { width?: unknown; height?: unknown };
    if (resize && typeof width === "number" && typeof height === "number" && width > 0 && height > 0)
      changes.push({ at: e.timestamp, width, height });
  }
  return changes.sort((a, b) => a.at - b.at);
}

/** The viewport at moment `at`: the last change at or before it (the first one before any). */
export function viewportAt(
  changes: readonly ViewportChange[],
  at: number,
): { width: number; height: number } | null {
  let lo = 0;
  let hi = changes.length - 1;
  let found = changes[0] ?? null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid]!.at <= at) {
      found = changes[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && { width: found.width, height: found.height };
}

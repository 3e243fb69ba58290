import { decodeRange, rangeGroups } from "@/lib/replay/chunk-range";
import type { ReplayEvent } from "@/lib/replay/timeline";
import type { ChunkRef, RangeFetch } from "./chunk-loader";

/** How the player gets chunks over HTTP: one by one, or a run of them per range request. */

const eventsOf = (batch: unknown): ReplayEvent[] => {
  const events = (batch as { events?: unknown } | null)?.events;
  return Array.isArray(events) ? (events as ReplayEvent[]) : [];
};

/** One chunk from `<base>/chunks/<id>` (sent with Content-Encoding: gzip; the browser inflates it). */
export async function fetchEvents(base: string, chunk: ChunkRef): Promise<ReplayEvent[]> {
  const res = await fetch(`${base}/chunks/${chunk.id}`);
  if (!res.ok) throw new Error(`chunk ${chunk.id}: ${res.status}`);
  return eventsOf(await res.json());
}

/** A stored chunk (gzip bytes) as events. */
async function inflate(gzip: Uint8Array): Promise<ReplayEvent[]> {
  const stream = new Blob([gzip as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return eventsOf(JSON.parse(await new Response(stream).text()));
}

/**
 * Range requests (`<base>/chunks?from=&to=`) for a loader: spans follow the route's limits by the
 * chunks' stored sizes; chunks already at hand (`known`) are not asked for again, and each chunk
 * that arrives is prepared, then handed to `remember` (the query cache).
 */
export function rangeFetch(
  base: string,
  chunks: readonly ChunkRef[],
  known: (chunk: ChunkRef) => ReplayEvent[] | undefined,
  remember: (chunk: ChunkRef, events: ReplayEvent[]) => void,
  /** Adapts a chunk's events before they are kept, as the one-chunk path does (stylesheet assets). */
  prepare?: (events: ReplayEvent[], chunk: ChunkRef) => Promise<void>,
): RangeFetch {
  return {
    span: (index, last) => rangeGroups(chunks.slice(index, last + 1))[0]?.length ?? 1,
    async fetch(group) {
      const missing = group.filter((c) => !known(c));
      const fetched = new Map<string, ReplayEvent[] | null>();
      if (missing.length) {
        const res = await fetch(`${base}/chunks?from=${missing[0]!.firstTs}&to=${missing.at(-1)!.firstTs}`);
        if (!res.ok) throw new Error(`chunks ${missing[0]!.id}…: ${res.status}`);
        const frames = decodeRange(new Uint8Array(await res.arrayBuffer()));
        await Promise.all(
          frames.map(async (f) => {
            const chunk = missing.find((c) => c.id === f.id);
            if (!chunk) return;
            const events = f.body ? await inflate(f.body).catch(() => null) : null;
            if (events) await prepare?.(events, chunk);
            fetched.set(f.id, events);
            if (events) remember(chunk, events);
          }),
        );
      }
      return group.map((c) => known(c) ?? fetched.get(c.id) ?? null);
    },
  };
}

import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { getChunk } from "@/lib/data/chunks";
import { chunkBlobKey, chunkManifest, recentSessionsOnPath } from "@/lib/data/sessions";
import { pathOf } from "@/lib/url-path";
import { EventType } from "@/sdk/src/wire";

const gunzipAsync = promisify(gunzip);

interface RawEvent {
  type: number;
  timestamp: number;
  data: { href?: string; width?: number; height?: number } & Record<string, unknown>;
}

export interface SnapshotSample {
  sessionId: string;
  href: string;
  /** From the full snapshot (with its meta event) to just after the page was shown. */
  events: RawEvent[];
  /** Where to stop the replay to see the page, in ms from the first event. */
  atMs: number;
}

const SESSIONS_TRIED = 8;
const CHUNKS_TRIED = 6;
/** How long after a page appears the preview shows it (lets a single-page app render it). */
const SETTLE_MS = 1000;

async function readEvents(ws: string, sid: string, chunkId: string): Promise<RawEvent[]> {
  const key = await chunkBlobKey(ws, sid, chunkId);
  const stream = key ? await getChunk(key) : null;
  if (!stream) return [];
  const bytes = Buffer.from(await new Response(stream).arrayBuffer());
  const batch = JSON.parse((await gunzipAsync(bytes)).toString("utf8")) as { events?: RawEvent[] };
  return Array.isArray(batch.events) ? batch.events : [];
}

const urlOf = (e: RawEvent): string | null => {
  if (e.type === EventType.Meta && typeof e.data.href === "string") return e.data.href;
  const payload = e.data.payload as { url?: unknown } | undefined;
  if (e.type === EventType.Custom && e.data.tag === "$pageview" && typeof payload?.url === "string")
    return payload.url;
  return null;
};

/** The events that draw `path` as it was first shown in this session, or null. */
function sampleFrom(events: RawEvent[], path: string): Omit<SnapshotSample, "sessionId"> | null {
  const shown = events.findIndex((e) => {
    const url = urlOf(e);
    return url !== null && pathOf(url) === path;
  });
  if (shown < 0) return null;
  const at = events[shown]!.timestamp;
  // The full snapshot drawing it: the last one taken by then (a page load's comes just after its meta).
  const full = events.findLastIndex(
    (e, i) => e.type === EventType.FullSnapshot && (i <= shown || e.timestamp - at < SETTLE_MS),
  );
  if (full < 0) return null;
  const metaIndex = events.slice(0, full).findLastIndex((e) => e.type === EventType.Meta);
  if (metaIndex < 0) return null;
  const first = events[metaIndex]!.timestamp;
  const until = Math.max(at, events[full]!.timestamp) + SETTLE_MS;
  return {
    href: urlOf(events[shown]!) ?? path,
    events: events.slice(metaIndex).filter((e) => e.timestamp <= until),
    atMs: until - first,
  };
}

/**
 * A recently recorded page, for the masking preview: the newest sessions that viewed the path are
 * replayed (from their full snapshot) up to the moment the page was shown, single-page-app routes
 * included.
 */
export async function recentSnapshotOf(ws: string, path: string): Promise<SnapshotSample | null> {
  for (const sid of await recentSessionsOnPath(ws, path, SESSIONS_TRIED)) {
    const events: RawEvent[] = [];
    for (const chunk of (await chunkManifest(ws, sid)).slice(0, CHUNKS_TRIED)) {
      events.push(...(await readEvents(ws, sid, chunk.id)));
    }
    events.sort((a, b) => a.timestamp - b.timestamp);
    const sample = sampleFrom(events, path);
    if (sample) return { sessionId: sid, ...sample };
  }
  return null;
}

import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { getChunk } from "@/lib/data/chunks";
import { chunkBlobKey, chunkManifest, recentSessionsOnPath } from "@/lib/data/sessions";
import { pathOf } from "@/lib/url-path";

const gunzipAsync = promisify(gunzip);

interface RawEvent {
  type: number;
  timestamp: number;
  data: { href?: string; width?: number; height?: number } & Record<string, unknown>;
}

export interface SnapshotSample {
  sessionId: string;
  href: string;
  /** The page's meta event and full snapshot: enough for a player to draw it. */
  events: RawEvent[];
}

const SESSIONS_TRIED = 8;
const CHUNKS_TRIED = 4;

async function readEvents(ws: string, sid: string, chunkId: string): Promise<RawEvent[]> {
  const key = await chunkBlobKey(ws, sid, chunkId);
  const stream = key ? await getChunk(key) : null;
  if (!stream) return [];
  const bytes = Buffer.from(await new Response(stream).arrayBuffer());
  const batch = JSON.parse((await gunzipAsync(bytes)).toString("utf8")) as { events?: RawEvent[] };
  return Array.isArray(batch.events) ? batch.events : [];
}

/**
 * A recent full snapshot of a page, as recorded, for the masking preview: the newest sessions that
 * viewed the path are searched for a full snapshot taken on it (the newest first).
 */
export async function recentSnapshotOf(ws: string, path: string): Promise<SnapshotSample | null> {
  for (const sid of await recentSessionsOnPath(ws, path, SESSIONS_TRIED)) {
    const full = (await chunkManifest(ws, sid)).filter((c) => c.full !== false).reverse();
    for (const chunk of full.slice(0, CHUNKS_TRIED)) {
      const events = (await readEvents(ws, sid, chunk.id)).sort((a, b) => a.timestamp - b.timestamp);
      for (let i = events.length - 1; i >= 0; i--) {
        const e = events[i]!;
        if (e.type !== 2) continue;
        const meta = events.slice(0, i).findLast((m) => m.type === 4);
        if (meta?.data.href && pathOf(meta.data.href) === path) {
          return { sessionId: sid, href: meta.data.href, events: [meta, e] };
        }
      }
    }
  }
  return null;
}

import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { assetBytes, assetOf } from "@/lib/data/assets";
import { CHUNK_ID_PATTERN, getChunk } from "@/lib/data/chunks";
import { chunkBlobKey } from "@/lib/data/sessions";
import { Invalid, NotFound } from "@/lib/errors/domain";
import { prepareCss, routeFontUrls, unreadStylesheets } from "@/lib/replay/stylesheets";
import { assetUrlProblem, replayAsset } from "./store";

/**
 * Assets for a share link's viewer: the same store and fetch as a member's replay, but only for
 * an address the shared recording itself names, so a token opens that recording's stylesheets and
 * fonts, never a fetch of anything its holder types. The player says which chunk names the asset
 * (`?chunk=`); the chunk is read (one stored batch, bounded at ingest) and the address must be an
 * unread stylesheet link of it, or a font its CSS loads — inline, or in a stylesheet the store
 * fetched for it (with its @imports inlined, lib/assets/imports.ts).
 */

const gunzipAsync = promisify(gunzip);

type Event = { type: number; data: Record<string, unknown> };

interface ChunkRefs {
  /** Unread stylesheet links and fonts of the chunk's own CSS. */
  named: Set<string>;
  /** Unread stylesheet links, whose stored text may load more fonts. */
  unread: string[];
}

/** Chunks read recently, by workspace / session / chunk: a replay asks for several assets per chunk. */
const recent = new Map<string, ChunkRefs>();
const RECENT_CHUNKS = 64;
/** A chunk names this many unread stylesheets at most before the rest are not looked into. */
const MAX_UNREAD = 50;

function fontsOf(css: string, into: Set<string>): void {
  routeFontUrls(css, (u) => {
    into.add(u);
    return u;
  });
}

async function chunkRefs(ws: string, sessionId: string, chunkId: string): Promise<ChunkRefs | null> {
  const cacheKey = `${ws}/${sessionId}/${chunkId}`;
  const cached = recent.get(cacheKey);
  if (cached) return cached;
  const key = await chunkBlobKey(ws, sessionId, chunkId);
  const stream = key ? await getChunk(key) : null;
  if (!stream) return null;
  const batch = JSON.parse(
    (await gunzipAsync(Buffer.from(await new Response(stream).arrayBuffer()))).toString("utf8"),
  ) as { events?: unknown };
  const events = (Array.isArray(batch.events) ? batch.events : []) as Event[];
  const unread = unreadStylesheets(events).slice(0, MAX_UNREAD);
  const named = new Set(unread);
  prepareCss(
    events,
    () => undefined,
    (css) => {
      fontsOf(css, named);
      return css;
    },
  );
  const refs = { named, unread };
  recent.set(cacheKey, refs);
  if (recent.size > RECENT_CHUNKS) recent.delete(recent.keys().next().value!);
  return refs;
}

/** Whether `url` is a font loaded by one of the stylesheets the store holds for the chunk's unread links. */
async function fontOfStoredSheet(ws: string, unread: string[], url: string): Promise<boolean> {
  for (const href of unread) {
    const ref = await assetOf(ws, href);
    if (!ref || !("hash" in ref) || ref.kind !== "css") continue;
    const bytes = await assetBytes(ws, ref.hash);
    if (!bytes) continue;
    const fonts = new Set<string>();
    fontsOf(Buffer.from(bytes).toString("utf8"), fonts);
    if (fonts.has(url)) return true;
  }
  return false;
}

export async function sharedAsset(ws: string, sessionId: string, chunkId: string | null, raw: string | null) {
  const problem = assetUrlProblem(raw);
  if (problem) throw new Invalid(problem);
  if (!chunkId || !CHUNK_ID_PATTERN.test(chunkId))
    throw new Invalid("Give the chunk of the recording that names the asset as ?chunk=<chunk id>.");
  const url = raw!;
  const refs = await chunkRefs(ws, sessionId, chunkId);
  if (!refs) throw new NotFound("This recording has no such chunk.");
  if (!refs.named.has(url) && !(await fontOfStoredSheet(ws, refs.unread, url)))
    throw new NotFound("This part of the shared recording does not use that stylesheet or font.");
  return replayAsset(ws, url);
}

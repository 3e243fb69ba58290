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
  /** Unread stylesheet links and fonts of the chunk's own CSS, then of the stored sheets looked into. */
  named: Set<string>;
  /** Unread stylesheet links whose stored text has not been looked into yet (not stored then). */
  unlooked: string[];
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
  const refs = { named, unlooked: unread };
  recent.set(cacheKey, refs);
  if (recent.size > RECENT_CHUNKS) recent.delete(recent.keys().next().value!);
  return refs;
}

/**
 * Adds to `refs.named` the fonts of the stored copies of the chunk's unread links not looked into
 * yet: each stored sheet is read once per cached chunk, however many addresses are asked for.
 */
async function lookIntoStoredSheets(ws: string, refs: ChunkRefs): Promise<void> {
  const still: string[] = [];
  for (const href of refs.unlooked) {
    const ref = await assetOf(ws, href);
    const bytes = ref && "hash" in ref && ref.kind === "css" ? await assetBytes(ws, ref.hash) : null;
    if (bytes) fontsOf(Buffer.from(bytes).toString("utf8"), refs.named);
    // A sheet not stored yet (or a failure, tried again later) is looked into on a later miss.
    else if (!ref || !("hash" in ref) || ref.kind === "css") still.push(href);
  }
  refs.unlooked = still;
}

export async function sharedAsset(ws: string, sessionId: string, chunkId: string | null, raw: string | null) {
  const problem = assetUrlProblem(raw);
  if (problem) throw new Invalid(problem);
  if (!chunkId || !CHUNK_ID_PATTERN.test(chunkId))
    throw new Invalid("Give the chunk of the recording that names the asset as ?chunk=<chunk id>.");
  const url = raw!;
  const refs = await chunkRefs(ws, sessionId, chunkId);
  if (!refs) throw new NotFound("This recording has no such chunk.");
  if (!refs.named.has(url) && refs.unlooked.length) await lookIntoStoredSheets(ws, refs);
  if (!refs.named.has(url))
    throw new NotFound("This part of the shared recording does not use that stylesheet or font.");
  return replayAsset(ws, url);
}

import { z } from "zod";
import { newId } from "@/lib/ids";
import { SORT_OPTIONS } from "@/lib/search/sorts";
import type { KvBatch } from "@/lib/storage/kv";
import { kv } from "@/lib/storage/kv";
import { readJsonField, readJsonHash } from "./json-hash";
import { authoredFields } from "./record";
import { revokeSharesOf } from "./shares";

/**
 * Playlists: a saved search (dynamic: whatever matches it now), recordings pinned by hand, or
 * both (pinned first). Everyone in the workspace reads them; members create and edit.
 */

const keys = {
  all: (ws: string) => `{w:${ws}}:playlists`,
  /** addedAt → session id, the pinned recordings in the order they were added. */
  pinned: (ws: string, id: string) => `{w:${ws}}:pl:${id}:items`,
};

export const MAX_PLAYLISTS = 500;
export const MAX_PINNED = 1000;

export const playlistInput = z.object({
  name: z.string().trim().min(1, "Name the playlist.").max(100, "Keep the name under 100 characters."),
  description: z.string().trim().max(500, "Keep the description under 500 characters.").default(""),
  /** A search in the recordings language (docs/SEARCH.md); empty for a pinned-only playlist. */
  query: z.string().trim().max(2000).default(""),
  sort: z.enum(SORT_OPTIONS).default("recent"),
});
export type PlaylistInput = z.infer<typeof playlistInput>;

const playlistRecord = playlistInput.extend(authoredFields);
export type Playlist = z.infer<typeof playlistRecord>;

export async function listPlaylists(ws: string): Promise<Playlist[]> {
  return (await readJsonHash(keys.all(ws), playlistRecord, "playlist")).sort(
    (a, b) => b.updatedAt - a.updatedAt,
  );
}

export async function getPlaylist(ws: string, id: string): Promise<Playlist | null> {
  return readJsonField(keys.all(ws), id, playlistRecord, "playlist");
}

export async function countPlaylists(ws: string): Promise<number> {
  return Object.keys(await (await kv()).hgetall(keys.all(ws))).length;
}

export async function savePlaylist(
  ws: string,
  input: PlaylistInput,
  by: { userId: string; existing?: Playlist },
): Promise<Playlist> {
  const now = Date.now();
  const saved: Playlist = {
    ...input,
    id: by.existing?.id ?? newId("pl"),
    createdBy: by.existing?.createdBy ?? by.userId,
    createdAt: by.existing?.createdAt ?? now,
    updatedAt: now,
  };
  await (await kv()).hset(keys.all(ws), { [saved.id]: JSON.stringify(saved) });
  return saved;
}

/** Deletes a playlist (never its recordings); its share links end first, for good. */
export async function deletePlaylist(ws: string, id: string): Promise<boolean> {
  await revokeSharesOf(ws, { kind: "playlist", targetId: id });
  const store = await kv();
  const [removed] = await store
    .multi()
    .hdel(keys.all(ws), id)
    .del(keys.pinned(ws, id))
    .exec<[number, number]>();
  return removed > 0;
}

/** Marks the playlist changed (its list did), so "last updated" tells the truth. */
async function touch(ws: string, playlist: Playlist): Promise<void> {
  await (await kv()).hset(keys.all(ws), {
    [playlist.id]: JSON.stringify({ ...playlist, updatedAt: Date.now() }),
  });
}

/** Pins a recording; false when it was pinned already. */
export async function pinSession(ws: string, playlist: Playlist, sid: string): Promise<boolean> {
  const added = await (await kv()).zadd(
    keys.pinned(ws, playlist.id),
    { score: Date.now(), member: sid },
    { nx: true },
  );
  if (added) await touch(ws, playlist);
  return added > 0;
}

export async function unpinSession(ws: string, playlist: Playlist, sid: string): Promise<boolean> {
  const removed = await (await kv()).zrem(keys.pinned(ws, playlist.id), sid);
  if (removed) await touch(ws, playlist);
  return removed > 0;
}

/** The pinned recordings, in the order they were added. */
export async function pinnedSessionIds(ws: string, id: string): Promise<string[]> {
  return (await kv()).zrange(keys.pinned(ws, id), { by: "rank", start: 0, stop: MAX_PINNED - 1 });
}

export async function pinnedCounts(ws: string, ids: string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const p = (await kv()).pipeline();
  for (const id of ids) p.zcard(keys.pinned(ws, id));
  return p.exec<number[]>();
}

/** Which of these playlists have the recording pinned. */
export async function playlistsPinning(ws: string, ids: string[], sid: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const p = (await kv()).pipeline();
  for (const id of ids) p.zscore(keys.pinned(ws, id), sid);
  const scores = await p.exec<(number | null)[]>();
  return new Set(ids.filter((_, i) => scores[i] !== null));
}

export async function playlistIds(ws: string): Promise<string[]> {
  return Object.keys(await (await kv()).hgetall(keys.all(ws)));
}

/** Takes a deleted recording out of every playlist, in the caller's MULTI. */
export function queuePlaylistRemovals(m: KvBatch, ws: string, sid: string, ids: string[]): void {
  for (const id of ids) m.zrem(keys.pinned(ws, id), sid);
}

import { kv } from "@/lib/storage/kv";
import { sessionKeys } from "./session-keys";

/** Which teammates have opened a recording in the player: a set of user ids per session. */

export async function markWatched(ws: string, sid: string, userId: string): Promise<void> {
  await (await kv()).sadd(sessionKeys.watched(ws, sid), userId);
}

/** For each session, whether this user has watched it, in one pipeline. */
export async function watchedBy(ws: string, sids: string[], userId: string): Promise<Set<string>> {
  if (sids.length === 0) return new Set();
  const p = (await kv()).pipeline();
  for (const sid of sids) p.sismember(sessionKeys.watched(ws, sid), userId);
  const rows = await p.exec<boolean[]>();
  return new Set(sids.filter((_, i) => rows[i]));
}

import { kv } from "@/lib/storage/kv";
import { parseOrCorrupt, skipCorrupt, stored } from "./record";
import { sessionKeys } from "./session-keys";

/**
 * Tags on recordings (`confirmed-bug`): a set per session, plus the `tag` index zset the list and
 * `tag:` search read, and a per-workspace count for suggestions. Stored lower-case.
 */

export const TAG_PATTERN = /^[a-z0-9][a-z0-9 _.:/-]{0,49}$/;
export const MAX_TAGS_PER_SESSION = 20;

export function normalizeTag(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, " ");
}

export async function listTags(ws: string, sid: string): Promise<string[]> {
  return (await (await kv()).smembers(sessionKeys.tags(ws, sid))).sort();
}

/** Tags of many sessions in one pipeline. */
export async function tagsOf(ws: string, sids: string[]): Promise<Map<string, string[]>> {
  if (sids.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const sid of sids) p.smembers(sessionKeys.tags(ws, sid));
  const rows = await p.exec<string[][]>();
  return new Map(sids.map((sid, i) => [sid, (rows[i] ?? []).sort()]));
}

/** Adds a tag; false when the session already had it. */
export async function addTag(ws: string, sid: string, startedAt: number, tag: string): Promise<boolean> {
  const store = await kv();
  if (await store.sismember(sessionKeys.tags(ws, sid), tag)) return false;
  const index = sessionKeys.index(ws, "tag", tag);
  await store
    .multi()
    .sadd(sessionKeys.tags(ws, sid), tag)
    .zadd(index, { score: startedAt, member: sid })
    .sadd(sessionKeys.indexed(ws, sid), index)
    .hincrby(sessionKeys.tagCounts(ws), tag, 1)
    .exec();
  return true;
}

export async function removeTag(ws: string, sid: string, tag: string): Promise<boolean> {
  const store = await kv();
  if (!(await store.sismember(sessionKeys.tags(ws, sid), tag))) return false;
  const index = sessionKeys.index(ws, "tag", tag);
  await store
    .multi()
    .srem(sessionKeys.tags(ws, sid), tag)
    .zrem(index, sid)
    .srem(sessionKeys.indexed(ws, sid), index)
    .hincrby(sessionKeys.tagCounts(ws), tag, -1)
    .exec();
  return true;
}

/** The workspace's tags in use, most used first. */
export async function workspaceTags(ws: string, limit = 50): Promise<{ tag: string; count: number }[]> {
  const counts = await (await kv()).hgetall(sessionKeys.tagCounts(ws));
  return Object.entries(counts)
    .flatMap(([tag, n]) =>
      skipCorrupt(() => ({ tag, count: parseOrCorrupt(stored.int, `count of tag ${tag}`, n) }), "tags"),
    )
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
    .slice(0, limit);
}

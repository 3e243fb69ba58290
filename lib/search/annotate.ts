import type { SessionRecord } from "@/lib/data/sessions";
import { tagsOf } from "@/lib/data/tags";
import { watchedBy } from "@/lib/data/watched";

/** A row of the recordings list: the session plus what teammates added to it. */
export interface ListedSession extends SessionRecord {
  tags: string[];
  /** Whether the asking user has opened it in the player. */
  watched: boolean;
}

export async function annotateSessions(
  ws: string,
  sessions: SessionRecord[],
  userId: string,
): Promise<ListedSession[]> {
  const ids = sessions.map((s) => s.id);
  const [tags, watched] = await Promise.all([tagsOf(ws, ids), watchedBy(ws, ids, userId)]);
  return sessions.map((s) => ({ ...s, tags: tags.get(s.id) ?? [], watched: watched.has(s.id) }));
}

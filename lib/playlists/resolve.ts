import { type Playlist, pinnedSessionIds } from "@/lib/data/playlists";
import { getSessions, type SessionRecord } from "@/lib/data/sessions";
import { querySessions } from "@/lib/search/engine";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";

/** How many recordings a playlist plays through at most (its list, its next/previous). */
export const PLAYLIST_LIMIT = 200;

export interface ResolvedPlaylist {
  sessions: SessionRecord[];
  /** Ids of the sessions that are pinned (the rest match the search). */
  pinned: Set<string>;
  /** True when more recordings match than the list holds. */
  more: boolean;
  /** The saved search no longer parses (the language changed): only pinned recordings show. */
  searchError: string | null;
}

/** A playlist's recordings in play order: pinned ones as added, then the search's matches. */
export async function resolvePlaylist(
  ws: string,
  playlist: Pick<Playlist, "id" | "query" | "sort">,
  limit = PLAYLIST_LIMIT,
): Promise<ResolvedPlaylist> {
  const pinnedIds = await pinnedSessionIds(ws, playlist.id);
  const pinnedSessions = await getSessions(ws, pinnedIds.slice(0, limit));
  const pinned = new Set(pinnedSessions.map((s) => s.id));
  const sessions = [...pinnedSessions];
  let more = pinnedIds.length > limit;
  let searchError: string | null = null;
  if (playlist.query && sessions.length < limit) {
    try {
      const filter = parseSearch(playlist.query);
      let cursor: string | null = null;
      do {
        const page = await querySessions(ws, filter, {
          sort: playlist.sort,
          cursor,
          limit: Math.min(100, limit - sessions.length + pinned.size),
        });
        for (const s of page.sessions) {
          if (pinned.has(s.id)) continue;
          if (sessions.length >= limit) {
            more = true;
            break;
          }
          sessions.push(s);
        }
        cursor = page.nextCursor;
      } while (cursor && sessions.length < limit);
      if (cursor) more = true;
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      searchError = error.message;
    }
  }
  return { sessions, pinned, more, searchError };
}

import { type Playlist, pinnedCounts } from "@/lib/data/playlists";
import { getUsers } from "@/lib/data/users";
import { resolvePlaylist } from "./resolve";

/** How many the list page counts up to for a saved search, before it says "100+". */
const COUNT_CAP = 100;

export interface PlaylistSummary extends Playlist {
  owner: string;
  pinnedCount: number;
  /** Recordings in the playlist (pinned and matching), up to the cap. */
  count: number;
  countCapped: boolean;
}

export async function playlistSummaries(ws: string, playlists: Playlist[]): Promise<PlaylistSummary[]> {
  const [pinned, users] = await Promise.all([
    pinnedCounts(
      ws,
      playlists.map((p) => p.id),
    ),
    getUsers([...new Set(playlists.map((p) => p.createdBy))]),
  ]);
  return Promise.all(
    playlists.map(async (p, i) => {
      const resolved = p.query ? await resolvePlaylist(ws, p, COUNT_CAP) : null;
      const owner = users.get(p.createdBy);
      return {
        ...p,
        owner: owner?.name || owner?.email || "a former member",
        pinnedCount: pinned[i] ?? 0,
        count: resolved ? resolved.sessions.length : (pinned[i] ?? 0),
        countCapped: resolved?.more ?? false,
      };
    }),
  );
}

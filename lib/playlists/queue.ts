import type { Playlist } from "@/lib/data/playlists";
import { resolvePlaylist } from "./resolve";

/** Where a recording sits in a playlist being played through in the workspace, for the player. */
export async function playlistQueue(slug: string, ws: string, playlist: Playlist, sessionId: string) {
  const { sessions } = await resolvePlaylist(ws, playlist);
  const i = sessions.findIndex((s) => s.id === sessionId);
  if (i < 0) return null;
  const href = (j: number) => `/${slug}/recordings/${sessions[j]!.id}?playlist=${playlist.id}`;
  return {
    name: playlist.name,
    position: i + 1,
    total: sessions.length,
    prevHref: i > 0 ? href(i - 1) : null,
    nextHref: i < sessions.length - 1 ? href(i + 1) : null,
    listHref: `/${slug}/playlists/${playlist.id}`,
  };
}

import { readJson } from "@/lib/api/body";
import { checkedPlaylistInput, playlistOr404 } from "@/lib/api/playlist";
import { withWorkspace } from "@/lib/api/with-workspace";
import { deletePlaylist, savePlaylist } from "@/lib/data/playlists";
import { resolvePlaylist } from "@/lib/playlists/resolve";
import { annotateSessions } from "@/lib/search/annotate";

type Params = { ws: string; playlistId: string };

/** A playlist with its recordings in play order (pinned first, then the search's matches). */
export const GET = withWorkspace<Params>(
  async ({ workspace, actor, params }) => {
    const playlist = await playlistOr404(workspace.id, params.playlistId);
    const resolved = await resolvePlaylist(workspace.id, playlist);
    return Response.json({
      playlist,
      recordings: (await annotateSessions(workspace.id, resolved.sessions, actor.userId)).map((s) => ({
        ...s,
        pinned: resolved.pinned.has(s.id),
      })),
      more: resolved.more,
      searchError: resolved.searchError,
    });
  },
  { permission: "playlists:read" },
);

/** Edits a playlist's name, description, search or order. */
export const PUT = withWorkspace<Params>(
  async ({ workspace, actor, params, request }) => {
    const existing = await playlistOr404(workspace.id, params.playlistId);
    const input = await readJson(request, checkedPlaylistInput);
    const playlist = await savePlaylist(workspace.id, input, { userId: actor.userId, existing });
    return Response.json({ playlist });
  },
  { permission: "playlists:write" },
);

/** Deletes a playlist (never its recordings) and ends its share links. */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const playlist = await playlistOr404(workspace.id, params.playlistId);
    await deletePlaylist(workspace.id, playlist.id);
    return Response.json({ ok: true });
  },
  { permission: "playlists:write" },
);

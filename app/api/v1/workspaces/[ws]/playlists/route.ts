import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { checkedPlaylistInput } from "@/lib/api/playlist";
import { withWorkspace } from "@/lib/api/with-workspace";
import { countPlaylists, listPlaylists, MAX_PLAYLISTS, savePlaylist } from "@/lib/data/playlists";
import { playlistSummaries } from "@/lib/playlists/summary";

/** Every playlist of the workspace, newest change first, with owner and counts. */
export const GET = withWorkspace(
  async ({ workspace }) =>
    Response.json({ playlists: await playlistSummaries(workspace.id, await listPlaylists(workspace.id)) }),
  { permission: "playlists:read" },
);

/** Creates a playlist: a saved search, a list to pin recordings to, or both. */
export const POST = withWorkspace(
  async ({ workspace, actor, request }) => {
    const input = await readJson(request, checkedPlaylistInput);
    if ((await countPlaylists(workspace.id)) >= MAX_PLAYLISTS) {
      throw new ApiError(
        "conflict",
        `A workspace holds at most ${MAX_PLAYLISTS} playlists; delete one first.`,
      );
    }
    const playlist = await savePlaylist(workspace.id, input, { userId: actor.userId });
    return Response.json({ playlist }, { status: 201 });
  },
  { permission: "playlists:write" },
);

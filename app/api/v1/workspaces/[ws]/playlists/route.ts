import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { checkedPlaylistInput } from "@/lib/api/playlist";
import { withWorkspace } from "@/lib/api/with-workspace";
import {
  countPlaylists,
  listPlaylists,
  MAX_PLAYLISTS,
  playlistsPinning,
  savePlaylist,
} from "@/lib/data/playlists";
import { ID_PATTERN } from "@/lib/ids";
import { playlistSummaries } from "@/lib/playlists/summary";

/**
 * Every playlist of the workspace, newest change first, with owner and counts; with
 * `?pinned=<sessionId>` only names and whether each has that recording pinned (the pin menus).
 */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const playlists = await listPlaylists(workspace.id);
    const sid = searchParams.get("pinned");
    if (sid !== null) {
      if (!ID_PATTERN.test(sid)) throw new ApiError("bad_request", "pinned must be a recording id.");
      const pinned = await playlistsPinning(
        workspace.id,
        playlists.map((p) => p.id),
        sid,
      );
      return Response.json({
        playlists: playlists.map((p) => ({ id: p.id, name: p.name, pinned: pinned.has(p.id) })),
      });
    }
    return Response.json({ playlists: await playlistSummaries(workspace.id, playlists) });
  },
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

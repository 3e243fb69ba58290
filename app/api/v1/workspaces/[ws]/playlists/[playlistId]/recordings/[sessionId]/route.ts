import { ApiError } from "@/lib/api/errors";
import { playlistOr404 } from "@/lib/api/playlist";
import { withWorkspace } from "@/lib/api/with-workspace";
import { MAX_PINNED, pinnedCounts, pinSession, unpinSession } from "@/lib/data/playlists";
import { getSession } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";

type Params = { ws: string; playlistId: string; sessionId: string };

/** Pins a recording to the playlist (idempotent). */
export const PUT = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const playlist = await playlistOr404(workspace.id, params.playlistId);
    const session = ID_PATTERN.test(params.sessionId)
      ? await getSession(workspace.id, params.sessionId)
      : null;
    if (!session) throw new ApiError("not_found", "No such recording in this workspace.");
    const [count] = await pinnedCounts(workspace.id, [playlist.id]);
    if ((count ?? 0) >= MAX_PINNED) {
      throw new ApiError("conflict", `A playlist pins at most ${MAX_PINNED} recordings; unpin some first.`);
    }
    const added = await pinSession(workspace.id, playlist, session.id);
    return Response.json({ ok: true, added }, { status: added ? 201 : 200 });
  },
  { permission: "playlists:write" },
);

/** Unpins a recording (the recording itself stays). */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const playlist = await playlistOr404(workspace.id, params.playlistId);
    if (!(await unpinSession(workspace.id, playlist, params.sessionId))) {
      throw new ApiError("not_found", "That recording is not pinned to this playlist.");
    }
    return Response.json({ ok: true });
  },
  { permission: "playlists:write" },
);

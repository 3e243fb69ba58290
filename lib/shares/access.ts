import { TtlCache } from "@/lib/cache";
import { getPlaylist } from "@/lib/data/playlists";
import { getSession, type SessionRecord } from "@/lib/data/sessions";
import { getSharingPolicy } from "@/lib/data/settings";
import { countShareView, resolveShareToken, type Share } from "@/lib/data/shares";
import { getWorkspace, type Workspace } from "@/lib/data/workspaces";
import { resolvePlaylist } from "@/lib/playlists/resolve";

/**
 * What a share token opens, for the public page and its chunk route: exactly one recording, or
 * one playlist's recordings, while the link lives and the workspace allows sharing.
 */

export interface SharedView {
  workspace: Workspace;
  share: Share;
  /** The recordings the link opens, in play order. */
  sessions: SessionRecord[];
  /** For a playlist: its name and description. */
  title: string;
  description: string;
}

export async function openShare(
  token: string,
  options: { countView?: boolean } = {},
): Promise<SharedView | null> {
  const found = await resolveShareToken(token);
  if (!found) return null;
  const [workspace, policy] = await Promise.all([
    getWorkspace(found.workspaceId),
    getSharingPolicy(found.workspaceId),
  ]);
  if (!workspace || !policy.enabled) return null;
  const { share } = found;
  let view: SharedView | null = null;
  if (share.kind === "recording") {
    const session = await getSession(workspace.id, share.targetId);
    if (session) view = { workspace, share, sessions: [session], title: "Shared recording", description: "" };
  } else {
    const playlist = await getPlaylist(workspace.id, share.targetId);
    if (playlist) {
      const { sessions } = await resolvePlaylist(workspace.id, playlist);
      view = { workspace, share, sessions, title: playlist.name, description: playlist.description };
    }
  }
  if (view && options.countView) await countShareView(workspace.id, share.id);
  return view;
}

// A player asks for many chunks: the token is checked on every one (a revoke ends it at once),
// while a playlist's list of recordings is worked out at most twice a minute.
const playlistMembers = new TtlCache<Set<string>>(30_000);

/** The workspace and share behind a token when the link opens this session, else null. */
export async function sharedSession(
  token: string,
  sessionId: string,
): Promise<{ workspaceId: string; share: Share } | null> {
  const found = await resolveShareToken(token);
  if (!found) return null;
  const { workspaceId, share } = found;
  if (!(await getSharingPolicy(workspaceId)).enabled) return null;
  if (share.kind === "recording") return share.targetId === sessionId ? found : null;
  const ids = await playlistMembers.get(`${workspaceId}|${share.targetId}`, async () => {
    const playlist = await getPlaylist(workspaceId, share.targetId);
    if (!playlist) return new Set<string>();
    return new Set((await resolvePlaylist(workspaceId, playlist)).sessions.map((s) => s.id));
  });
  return ids.has(sessionId) ? found : null;
}

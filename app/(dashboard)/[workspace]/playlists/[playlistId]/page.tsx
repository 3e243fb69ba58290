import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PersonName } from "@/components/persons/person-name";
import { PinToggle, PlaylistActions } from "@/components/playlists/playlist-actions";
import { formatDuration, formatRelative } from "@/components/recordings/format";
import { sessionSentence } from "@/components/recordings/session-sentence";
import { ShareDialog } from "@/components/share/share-dialog";
import { Alert } from "@/components/ui/field";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { getPlaylist } from "@/lib/data/playlists";
import { getSharingPolicy } from "@/lib/data/settings";
import { authorName } from "@/lib/data/users";
import { ID_PATTERN } from "@/lib/ids";
import { PLAYLIST_LIMIT, resolvePlaylist } from "@/lib/playlists/resolve";

export const metadata: Metadata = { title: "Playlist" };
export const dynamic = "force-dynamic";

export default async function PlaylistPage({
  params,
}: {
  params: Promise<{ workspace: string; playlistId: string }>;
}) {
  const { workspace: slug, playlistId } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/playlists/${playlistId}`);
  const playlist = ID_PATTERN.test(playlistId) ? await getPlaylist(workspace.id, playlistId) : null;
  if (!playlist) notFound();
  const [resolved, owner, policy] = await Promise.all([
    resolvePlaylist(workspace.id, playlist),
    authorName(playlist.createdBy),
    getSharingPolicy(workspace.id),
  ]);
  const now = Date.now();
  const play = (sid: string) => `/${workspace.slug}/recordings/${sid}?playlist=${playlist.id}`;
  const canWrite = can(role, "playlists:write");
  return (
    <div className="space-y-4">
      <Link href={`/${workspace.slug}/playlists`} className="text-sm text-brand-600 hover:underline">
        ← All playlists
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">{playlist.name}</h1>
          {playlist.description && <p className="text-zinc-600 dark:text-zinc-400">{playlist.description}</p>}
          <p className="text-sm text-zinc-500">
            By {owner} · updated {formatRelative(playlist.updatedAt, now)} · {resolved.sessions.length}
            {resolved.more ? "+" : ""} recording{resolved.sessions.length === 1 ? "" : "s"}
            {playlist.query && (
              <>
                {" "}
                · search{" "}
                <Link
                  href={`/${workspace.slug}/recordings?${new URLSearchParams({ q: playlist.query, ...(playlist.sort !== "recent" && { sort: playlist.sort }) })}`}
                  className="font-mono text-xs text-brand-600 hover:underline"
                >
                  {playlist.query}
                </Link>
              </>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {resolved.sessions[0] && (
            <Link
              href={`${play(resolved.sessions[0].id)}&autoplay=1`}
              className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
              data-testid="play-all"
            >
              ▶ Play all
            </Link>
          )}
          {can(role, "shares:create") && (
            <ShareDialog workspace={workspace.slug} kind="playlist" targetId={playlist.id} policy={policy} />
          )}
          {canWrite && (
            <PlaylistActions
              workspace={workspace.slug}
              playlistId={playlist.id}
              initial={{
                name: playlist.name,
                description: playlist.description,
                query: playlist.query,
                sort: playlist.sort,
              }}
            />
          )}
        </div>
      </div>
      {resolved.searchError && (
        <Alert>
          The saved search no longer reads ({resolved.searchError}); only pinned recordings are listed. Edit
          it.
        </Alert>
      )}
      {resolved.sessions.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {playlist.query
            ? "No recordings match this playlist's search yet; new ones join as they are recorded."
            : "Nothing pinned yet. Open a recording and use “Add to playlist”."}
        </p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="playlist-recordings">
          <thead className="text-xs uppercase text-zinc-500">
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th className="py-2 pr-3 font-medium">#</th>
              <th className="py-2 pr-3 font-medium">Person</th>
              <th className="py-2 pr-3 font-medium">What happened</th>
              <th className="py-2 pr-3 font-medium">Started</th>
              <th className="py-2 pr-3 font-medium">Duration</th>
              <th className="py-2 font-medium" />
            </tr>
          </thead>
          <tbody>
            {resolved.sessions.map((s, i) => (
              <tr key={s.id} className="border-b border-zinc-100 dark:border-zinc-800">
                <td className="py-2 pr-3 tabular-nums text-zinc-500">{i + 1}</td>
                <td className="max-w-48 truncate py-2 pr-3">
                  <Link href={play(s.id)} className="font-medium hover:underline">
                    <PersonName id={s.fields.distinctId ?? ""} />
                  </Link>
                </td>
                <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">
                  {sessionSentence(s.fields, s.durationMs)}
                </td>
                <td className="py-2 pr-3" title={new Date(s.startedAt).toISOString()}>
                  {formatRelative(s.startedAt, now)}
                </td>
                <td className="py-2 pr-3 tabular-nums">{formatDuration(s.durationMs)}</td>
                <td className="py-2 text-right">
                  {resolved.pinned.has(s.id) &&
                    (canWrite ? (
                      <PinToggle
                        workspace={workspace.slug}
                        playlistId={playlist.id}
                        sessionId={s.id}
                        pinned
                      />
                    ) : (
                      <span className="text-xs text-zinc-500">pinned</span>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {resolved.more && (
        <p className="text-sm text-zinc-500">
          The playlist plays its first {PLAYLIST_LIMIT} recordings; open its search for all of them.
        </p>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PersonName } from "@/components/persons/person-name";
import { PinToggle, PlaylistActions } from "@/components/playlists/playlist-actions";
import { formatDuration, formatRelative } from "@/components/recordings/format";
import { sessionSentence } from "@/components/recordings/session-sentence";
import { ShareDialog } from "@/components/share/share-dialog";
import { Badge } from "@/components/ui/badge";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
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

/** "#" keeps the playlist's own order (its sort, or pin order); the other columns re-sort the page. */
const recordingColumns: TableColumn[] = [
  { id: "n", header: "#", sortable: true, className: "tabular-nums text-zinc-500" },
  { id: "person", header: "Person", className: "max-w-48 truncate" },
  { id: "what", header: "What happened", className: "text-zinc-600 dark:text-zinc-400" },
  { id: "started", header: "Started", sortable: true },
  { id: "duration", header: "Duration", sortable: true, className: "tabular-nums" },
  { id: "pin", header: <span className="sr-only">Pinned</span>, align: "right" },
];

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
      <DataTable
        label="Recordings in this playlist"
        testId="playlist-recordings"
        columns={recordingColumns}
        empty={
          playlist.query
            ? "No recordings match this playlist's search yet; new ones join as they are recorded."
            : "Nothing pinned yet. Open a recording and use “Add to playlist”."
        }
        rows={resolved.sessions.map((s, i) => ({
          id: s.id,
          sort: { n: i, started: s.startedAt, duration: s.durationMs },
          cells: {
            n: i + 1,
            person: (
              <Link href={play(s.id)} className="font-medium hover:underline">
                <PersonName id={s.fields.distinctId} />
              </Link>
            ),
            what: sessionSentence(s.fields, s.durationMs),
            started: (
              <span title={new Date(s.startedAt).toISOString()}>{formatRelative(s.startedAt, now)}</span>
            ),
            duration: formatDuration(s.durationMs),
            pin:
              resolved.pinned.has(s.id) &&
              (canWrite ? (
                <PinToggle workspace={workspace.slug} playlistId={playlist.id} sessionId={s.id} pinned />
              ) : (
                <Badge>pinned</Badge>
              )),
          },
        }))}
      />
      {resolved.more && (
        <p className="text-sm text-zinc-500">
          The playlist plays its first {PLAYLIST_LIMIT} recordings; open its search for all of them.
        </p>
      )}
    </div>
  );
}

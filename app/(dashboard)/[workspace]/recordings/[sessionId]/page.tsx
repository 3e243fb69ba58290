import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ListNav } from "@/components/player/list-nav";
import { QueuedPlayer } from "@/components/player/queued-player";
import { AddToPlaylist } from "@/components/playlists/add-to-playlist";
import { formatDuration } from "@/components/recordings/format";
import { sessionSentence } from "@/components/recordings/session-sentence";
import { ShareDialog } from "@/components/share/share-dialog";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { listComments } from "@/lib/data/comments";
import { configuredIssueProviders } from "@/lib/data/integrations";
import { listLinkedIssues } from "@/lib/data/linked-issues";
import { listPlaylists, playlistsPinning } from "@/lib/data/playlists";
import { refusedBatches } from "@/lib/data/refused-batches";
import { chunkManifest, getSession, listSignals } from "@/lib/data/sessions";
import { getSharingPolicy } from "@/lib/data/settings";
import { listTags } from "@/lib/data/tags";
import { markWatched } from "@/lib/data/watched";
import { formatDateTime, formatNumber, formatSpan } from "@/lib/format";
import { ID_PATTERN } from "@/lib/ids";
import { playlistQueue } from "@/lib/playlists/queue";
import { recordingHealth } from "@/lib/replay/health";

export const metadata: Metadata = { title: "Recording" };
export const dynamic = "force-dynamic";

export default async function RecordingPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; sessionId: string }>;
  searchParams: Promise<{ t?: string; at?: string; from?: string; playlist?: string; autoplay?: string }>;
}) {
  const { workspace: slug, sessionId } = await params;
  const { t, at, from, playlist: playlistId, autoplay } = await searchParams;
  const { workspace, role, user } = await workspacePage(slug, `/${slug}/recordings/${sessionId}`);
  const session = ID_PATTERN.test(sessionId) ? await getSession(workspace.id, sessionId) : null;
  if (!session) notFound();
  const [signals, chunks, comments, tags, playlists, policy, issueProviders, linkedIssues, refused] =
    await Promise.all([
      listSignals(workspace.id, sessionId),
      chunkManifest(workspace.id, sessionId),
      listComments(workspace.id, sessionId),
      listTags(workspace.id, sessionId),
      listPlaylists(workspace.id),
      getSharingPolicy(workspace.id),
      configuredIssueProviders(workspace.id),
      listLinkedIssues(workspace.id, sessionId),
      refusedBatches(workspace.id, sessionId),
      markWatched(workspace.id, sessionId, user.id),
    ]);
  const pinnedIn = await playlistsPinning(
    workspace.id,
    playlists.map((p) => p.id),
    sessionId,
  );
  const current = playlistId ? playlists.find((p) => p.id === playlistId) : undefined;
  const queue = current ? await playlistQueue(workspace.slug, workspace.id, current, sessionId) : null;
  const f = session.fields;
  const listQuery = from?.startsWith("?") ? from : "";
  const back = `/${workspace.slug}/recordings${listQuery}`;
  const health = recordingHealth({ chunks, hasFullSnapshot: f.hasFullSnapshot, refused });
  const person = f.distinctId;
  // ?t= is seconds into the recording; ?at= a moment in epoch ms (a heatmap's click), made relative here.
  const seconds = t !== undefined ? Number(t) : (Number(at) - session.startedAt) / 1000;
  const facts = [
    {
      label: "Person",
      value: person,
      href: `/${workspace.slug}/persons/${encodeURIComponent(person)}`,
    },
    { label: "Started", value: formatDateTime(session.startedAt) },
    { label: "Duration", value: formatDuration(session.durationMs) },
    // The last activity window may run past the recording's end: never more active than long.
    { label: "Active", value: formatDuration(Math.min(f.activeMs, session.durationMs)) },
    {
      label: "First interaction",
      value: f.interactionMs === undefined ? "none" : `after ${formatSpan(f.interactionMs)}`,
    },
    { label: "Pages", value: formatNumber(f.pageCount) },
    { label: "Device", value: [f.browser, f.os, f.device].filter(Boolean).join(" · ") },
    { label: "Viewport", value: f.viewport ?? "unknown" },
    { label: "Country", value: f.country },
    { label: "SDK", value: f.sdkVersion ?? "unknown" },
  ];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link href={back} className="text-sm text-brand-600 hover:underline">
          ← Back to the list
        </Link>
        {listQuery !== "" || from !== undefined ? (
          <ListNav workspace={workspace.slug} sessionId={sessionId} from={from ?? ""} />
        ) : null}
      </div>
      <h1 className="truncate text-xl font-semibold">
        Recording of {person}{" "}
        <span className="text-base font-normal text-zinc-500">
          · {formatDateTime(session.startedAt)} · {formatDuration(session.durationMs)}
          {f.interactionMs !== undefined && (
            <span data-testid="first-interaction">
              {" "}
              · first interaction after {formatSpan(f.interactionMs)}
            </span>
          )}
        </span>
      </h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="session-sentence">
        {sessionSentence(session.fields, session.durationMs)}
      </p>
      <div className="flex flex-wrap items-start gap-2">
        {can(role, "playlists:write") && (
          <AddToPlaylist
            workspace={workspace.slug}
            sessionId={sessionId}
            playlists={playlists.map((p) => ({ id: p.id, name: p.name, pinned: pinnedIn.has(p.id) }))}
          />
        )}
        {can(role, "shares:create") && (
          <ShareDialog workspace={workspace.slug} kind="recording" targetId={sessionId} policy={policy} />
        )}
        <a
          href={`/api/v1/workspaces/${workspace.slug}/recordings/${sessionId}/events`}
          download
          className="rounded border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50"
        >
          Export rrweb JSON
        </a>
      </div>
      <QueuedPlayer
        queue={queue}
        autoplay={autoplay === "1"}
        workspace={workspace.slug}
        sessionId={sessionId}
        base={`/api/v1/workspaces/${workspace.slug}/recordings/${sessionId}`}
        endedAt={session.endedAt}
        chunks={chunks.map((c) => ({
          id: c.id,
          firstTs: c.firstTs,
          lastTs: c.lastTs,
          full: c.full,
          checkpointAt: c.checkpointAt,
          bytes: c.bytes,
        }))}
        signals={signals.map((s) => ({ kind: s.kind, at: s.at, url: s.url, count: s.count }))}
        comments={comments}
        tags={tags}
        issues={{ providers: issueProviders, linked: linkedIssues, canCreate: can(role, "issues:create") }}
        startAtMs={Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0}
        health={health}
        facts={facts}
        backHref={back}
        viewer={{
          userId: user.id,
          canComment: can(role, "comments:write"),
          canModerate: can(role, "comments:moderate"),
          canTag: can(role, "tags:write"),
          canDelete: can(role, "recordings:delete"),
        }}
      />
    </div>
  );
}

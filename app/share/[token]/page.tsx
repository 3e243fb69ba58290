import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Providers } from "@/components/dashboard/providers";
import { PersonName } from "@/components/persons/person-name";
import { QueuedPlayer } from "@/components/player/queued-player";
import { formatDuration, summaryLine } from "@/components/recordings/format";
import { Logo } from "@/components/ui/logo";
import { personProperties } from "@/lib/data/persons";
import { chunkManifest, listSignals } from "@/lib/data/sessions";
import { formatNumber } from "@/lib/format";
import { recordingHealth } from "@/lib/replay/health";
import { openShare } from "@/lib/shares/access";

// No search engine indexes a shared recording, and no recorded site's stylesheet request carries
// the link (the token) as its Referer.
export const metadata: Metadata = {
  title: "Shared recording",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};
export const dynamic = "force-dynamic";

export default async function SharePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ r?: string; t?: string; autoplay?: string }>;
}) {
  const { token } = await params;
  const { r, t, autoplay } = await searchParams;
  const view = await openShare(token, { countView: !r });
  // Unknown, expired and revoked tokens alike: a 404 with the same page (not-found.tsx), so the
  // answer neither works as a link nor says which of them it was.
  if (!view || view.sessions.length === 0) notFound();
  const { share, sessions, workspace } = view;
  const index = Math.max(
    0,
    sessions.findIndex((s) => s.id === r),
  );
  const session = sessions[index]!;
  const [chunks, signals, properties] = await Promise.all([
    chunkManifest(workspace.id, session.id),
    listSignals(workspace.id, session.id),
    share.showPerson ? personProperties(workspace.id, [session.fields.distinctId]) : Promise.resolve(null),
  ]);
  const f = session.fields;
  const person = share.showPerson ? f.distinctId : null;
  const props = person && properties ? (properties.get(person) ?? {}) : {};
  const facts = [
    ...(person ? [{ label: "Person", value: person }] : []),
    ...Object.entries(props)
      .slice(0, 10)
      .map(([k, v]) => ({ label: k, value: String(v) })),
    { label: "Started", value: new Date(session.startedAt).toUTCString() },
    { label: "Duration", value: formatDuration(session.durationMs) },
    { label: "Pages", value: formatNumber(f.pageCount) },
    { label: "Device", value: [f.browser, f.os, f.device].filter(Boolean).join(" · ") },
    { label: "Country", value: f.country },
  ];
  const seconds = Number(t);
  const startAtMs =
    Number.isFinite(seconds) && seconds > 0
      ? Math.round(seconds * 1000)
      : r === undefined && share.atMs
        ? share.atMs
        : 0;
  const href = (i: number) => `/share/${token}?r=${sessions[i]!.id}`;
  const playlist = share.kind === "playlist";
  return (
    <Providers>
      <main className="mx-auto max-w-[100rem] space-y-4 px-4 py-4">
        <header className="flex flex-wrap items-center justify-between gap-3">
          <Logo />
          <p className="text-sm text-zinc-500">
            Shared from Rewind
            {share.expiresAt ? ` · link expires ${new Date(share.expiresAt).toUTCString()}` : ""}
          </p>
        </header>
        <div>
          <h1 className="text-xl font-semibold">{view.title}</h1>
          {view.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{view.description}</p>}
        </div>
        <QueuedPlayer
          queue={
            playlist
              ? {
                  name: view.title,
                  position: index + 1,
                  total: sessions.length,
                  prevHref: index > 0 ? href(index - 1) : null,
                  nextHref: index < sessions.length - 1 ? href(index + 1) : null,
                }
              : null
          }
          workspace=""
          sessionId={session.id}
          base={`/api/share/${token}/recordings/${session.id}`}
          endedAt={session.endedAt}
          chunks={chunks.map((c) => ({
            id: c.id,
            firstTs: c.firstTs,
            lastTs: c.lastTs,
            full: c.full,
            checkpointAt: c.checkpointAt,
          }))}
          signals={signals.map((s) => ({ kind: s.kind, at: s.at, url: s.url, count: s.count }))}
          comments={[]}
          tags={[]}
          startAtMs={startAtMs}
          health={recordingHealth({ chunks, hasFullSnapshot: f.hasFullSnapshot })}
          facts={facts}
          backHref=""
          viewer={{ userId: "", canComment: false, canModerate: false, canTag: false, canDelete: false }}
          shared
          autoplay={autoplay === "1"}
        />
        {playlist && (
          <section aria-label="Recordings in this playlist">
            <h2 className="mb-2 text-sm font-semibold">Recordings</h2>
            <ol className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
              {sessions.map((s, i) => (
                <li key={s.id}>
                  <Link
                    href={href(i)}
                    aria-current={i === index ? "true" : undefined}
                    className="flex gap-3 px-3 py-2 hover:bg-zinc-50 aria-[current]:bg-brand-50 dark:hover:bg-zinc-900 dark:aria-[current]:bg-brand-500/15"
                  >
                    <span className="w-6 tabular-nums text-zinc-500">{i + 1}</span>
                    <span className="w-44 shrink-0">{new Date(s.startedAt).toUTCString().slice(5, 22)}</span>
                    <span className="w-16 shrink-0 tabular-nums">{formatDuration(s.durationMs)}</span>
                    {share.showPerson && (
                      <span className="w-48 truncate">
                        <PersonName id={s.fields.distinctId} />
                      </span>
                    )}
                    <span className="truncate text-zinc-600 dark:text-zinc-400">{summaryLine(s.fields)}</span>
                  </Link>
                </li>
              ))}
            </ol>
          </section>
        )}
      </main>
    </Providers>
  );
}

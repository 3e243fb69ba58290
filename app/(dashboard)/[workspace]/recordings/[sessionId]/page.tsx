import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Player } from "@/components/player/player";
import { formatDuration } from "@/components/recordings/format";
import { workspacePage } from "@/lib/auth/access";
import { getSession, listSignals } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";

export const metadata: Metadata = { title: "Recording" };
export const dynamic = "force-dynamic";

export default async function RecordingPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; sessionId: string }>;
  searchParams: Promise<{ t?: string; from?: string }>;
}) {
  const { workspace: slug, sessionId } = await params;
  const { t, from } = await searchParams;
  const { workspace } = await workspacePage(slug, `/${slug}/recordings/${sessionId}`);
  const session = ID_PATTERN.test(sessionId) ? await getSession(workspace.id, sessionId) : null;
  if (!session) notFound();
  const signals = await listSignals(workspace.id, sessionId);
  const f = session.fields;
  const back = `/${workspace.slug}/recordings${from?.startsWith("?") ? from : ""}`;
  const facts: [string, string][] = [
    ["Person", f.distinctId ?? ""],
    ["Started", new Date(session.startedAt).toLocaleString("en")],
    ["Duration", formatDuration(session.durationMs)],
    ["Active", formatDuration(Number(f.activeMs ?? 0))],
    ["Pages", f.pageCount ?? "0"],
    ["Device", [f.browser, f.os, f.device].filter(Boolean).join(" · ")],
    ["Viewport", f.viewport ?? "unknown"],
    ["Country", f.country ?? "unknown"],
    ["SDK", f.sdkVersion ?? "unknown"],
  ];
  return (
    <div className="space-y-4">
      <Link href={back} className="text-sm text-brand-600 hover:underline">
        ← Back to the list
      </Link>
      <h1 className="truncate text-xl font-semibold">Recording of {f.distinctId}</h1>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt className="inline text-zinc-500">{k}: </dt>
            <dd className="inline">{v}</dd>
          </div>
        ))}
        <div>
          <dt className="inline text-zinc-500">Health: </dt>
          <dd className="inline" data-testid="health">
            {f.hasFullSnapshot ? "complete" : "no full snapshot"} · {session.chunkCount}{" "}
            {session.chunkCount === 1 ? "chunk" : "chunks"}
          </dd>
        </div>
      </dl>
      <Player
        base={`/api/v1/workspaces/${workspace.slug}/recordings/${sessionId}`}
        chunkCount={session.chunkCount}
        startAt={Math.max(0, Number(t ?? 0)) || 0}
        markers={signals.map((s) => ({ kind: s.kind, at: s.at, url: s.url }))}
      />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PersonName } from "@/components/persons/person-name";
import { formatRelative } from "@/components/recordings/format";
import { BarSparkline } from "@/components/ui/bar-sparkline";
import { errorGroupDetail, OCCURRENCES_SHOWN } from "@/lib/analytics/errors";
import { workspacePage } from "@/lib/auth/access";
import { errorSearchText } from "@/lib/errors/fingerprint";
import { formatNumber } from "@/lib/format";
import { replayAtPath } from "@/lib/replay/links";
import { printSearch } from "@/lib/search/print";
import { pathOf } from "@/lib/url-path";

export const metadata: Metadata = { title: "Error" };
export const dynamic = "force-dynamic";

const RANGES = [7, 30, 90];
const DAY_MS = 86_400_000;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const clock = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}`;

export default async function ErrorGroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; fingerprint: string }>;
  searchParams: Promise<{ range?: string }>;
}) {
  const { workspace: slug, fingerprint } = await params;
  const sp = await searchParams;
  if (!/^[A-Za-z0-9_-]{16}$/.test(fingerprint)) notFound();
  const { workspace } = await workspacePage(slug, `/${slug}/errors/${fingerprint}`);
  const days = RANGES.includes(Number(sp.range)) ? Number(sp.range) : 30;
  const now = Date.now();
  const detail = await errorGroupDetail(workspace.id, fingerprint, now - days * DAY_MS, now);
  if (!detail) {
    return (
      <div className="space-y-3">
        <Link
          href={`/${workspace.slug}/errors?range=${days}`}
          className="text-sm text-brand-600 hover:underline"
        >
          ← Errors
        </Link>
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          This error did not happen in the last {days} days (or its recordings were deleted).
        </p>
      </div>
    );
  }
  const { group: g } = detail;
  const sessionsHref = `/${workspace.slug}/recordings?${new URLSearchParams({
    q: `${printSearch({ expr: { kind: "error", value: errorSearchText(g.message) } })} after:${days}d`,
  })}`;
  const facts: [string, string][] = [
    ["Sessions", formatNumber(g.sessions)],
    ["People", formatNumber(g.persons)],
    ["Occurrences", formatNumber(g.occurrences)],
    ["First seen", formatRelative(g.firstSeen, now)],
    ["Last seen", formatRelative(g.lastSeen, now)],
    ["Left within 30 s", pct(g.exitRate)],
    ["Hit it again", `${formatNumber(detail.repeatedSessions)} sessions`],
  ];
  return (
    <div className="space-y-5">
      <Link
        href={`/${workspace.slug}/errors?range=${days}`}
        className="text-sm text-brand-600 hover:underline"
      >
        ← Errors
      </Link>
      <header className="space-y-1">
        <h1 className="break-words text-xl font-semibold" data-testid="error-message">
          {g.message || "(no message)"}
        </h1>
        {g.frame && <p className="font-mono text-sm text-zinc-500">{g.frame}</p>}
        <p className="text-xs text-zinc-500">
          Grouped as <code>{detail.pattern}</code>
        </p>
      </header>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        {facts.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="text-sm font-medium">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <BarSparkline
          values={g.trend}
          height={20}
          tone="text-red-500"
          label={`Occurrences per day over ${days} days`}
        />
        <span className="text-zinc-500">per day, last {days} days</span>
        <span className="text-zinc-500">{g.browsers.map((b) => `${b.name} ${b.sessions}`).join(" · ")}</span>
        <Link href={sessionsHref} className="text-brand-600 hover:underline">
          All sessions with this error →
        </Link>
      </div>
      <section className="grid gap-5 lg:grid-cols-[2fr_1fr]">
        <div>
          <h2 className="mb-2 font-semibold">Occurrences</h2>
          <ul
            className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800"
            data-testid="error-occurrences"
          >
            {detail.occurrences.map((o) => (
              <li
                key={`${o.sessionId}-${o.at}`}
                className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2"
              >
                <Link
                  href={replayAtPath(workspace.slug, o.sessionId, o.at)}
                  className="font-medium text-brand-600 hover:underline"
                >
                  Watch at {clock(o.offsetMs)}
                </Link>
                <span>{o.distinctId ? <PersonName id={o.distinctId} /> : "unknown person"}</span>
                <span className="truncate text-zinc-500">{o.url ? pathOf(o.url) : ""}</span>
                <span className="ml-auto text-zinc-500" title={new Date(o.at).toISOString()}>
                  {formatRelative(o.at, now)}
                </span>
              </li>
            ))}
          </ul>
          {g.occurrences > OCCURRENCES_SHOWN && (
            <p className="mt-2 text-xs text-zinc-500">
              The newest {OCCURRENCES_SHOWN} of {g.occurrences}.
            </p>
          )}
        </div>
        <div>
          <h2 className="mb-2 font-semibold">Where people went next</h2>
          {detail.nextPages.length ? (
            <ul className="space-y-1 text-sm" data-testid="error-next-pages">
              {detail.nextPages.map((p) => (
                <li key={p.path} className="flex justify-between gap-3">
                  <span className="truncate">{p.path}</span>
                  <span className="tabular-nums text-zinc-500">{p.sessions}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-500">No one opened another page after it.</p>
          )}
        </div>
      </section>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/errors/sparkline";
import { formatRelative } from "@/components/recordings/format";
import { ERRORS_CAP, errorGroups } from "@/lib/analytics/errors";
import { workspacePage } from "@/lib/auth/access";
import { formatNumber } from "@/lib/format";

export const metadata: Metadata = { title: "Errors" };
export const dynamic = "force-dynamic";

const RANGES = [7, 30, 90];
const DAY_MS = 86_400_000;
const pct = (x: number) => `${Math.round(x * 100)}%`;

export default async function ErrorsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ range?: string }>;
}) {
  const { workspace: slug } = await params;
  const sp = await searchParams;
  const { workspace } = await workspacePage(slug, `/${slug}/errors`);
  const days = RANGES.includes(Number(sp.range)) ? Number(sp.range) : 30;
  const now = Date.now();
  const view = await errorGroups(workspace.id, now - days * DAY_MS, now);
  const th = "px-3 py-2 font-medium";
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Errors</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Exceptions on your pages, grouped by message and place in the code; each opens the recordings at
            the moment it happened.
          </p>
        </div>
        <nav className="flex gap-1 text-sm" aria-label="Range">
          {RANGES.map((d) => (
            <Link
              key={d}
              href={`/${workspace.slug}/errors?range=${d}`}
              aria-current={d === days ? "page" : undefined}
              className={`rounded-md px-2.5 py-1 ${d === days ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900" : "ring-1 ring-zinc-300 dark:ring-zinc-700"}`}
            >
              {d} days
            </Link>
          ))}
        </nav>
      </div>
      {!view.exact && (
        <p className="text-sm text-amber-700 dark:text-amber-400">
          Figures from the newest {formatNumber(ERRORS_CAP)} exceptions, those since{" "}
          {new Date(view.sampledSince ?? 0).toISOString().slice(0, 16).replace("T", " ")} UTC.
        </p>
      )}
      {view.groups.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No exceptions in the last {days} days. Uncaught errors and unhandled promise rejections on recorded
          pages appear here.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[860px] text-left text-sm" data-testid="error-groups">
            <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className={th}>Error</th>
                <th className={th}>Sessions</th>
                <th className={th}>People</th>
                <th className={th}>Occurrences</th>
                <th className={th} title={`Sessions that ended within 30 s of it`}>
                  Left after
                </th>
                <th className={th}>Trend</th>
                <th className={th}>Last seen</th>
                <th className={th}>Browsers</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 tabular-nums dark:divide-zinc-800">
              {view.groups.map((g) => (
                <tr key={g.fingerprint}>
                  <td className="max-w-md px-3 py-2">
                    <Link
                      href={`/${workspace.slug}/errors/${g.fingerprint}?range=${days}`}
                      className="block truncate font-medium text-brand-600 hover:underline"
                      title={g.message}
                    >
                      {g.message || "(no message)"}
                    </Link>
                    {g.frame && (
                      <span className="block truncate font-mono text-xs text-zinc-500">{g.frame}</span>
                    )}
                  </td>
                  <td className="px-3 py-2">{formatNumber(g.sessions)}</td>
                  <td className="px-3 py-2">{formatNumber(g.persons)}</td>
                  <td className="px-3 py-2">{formatNumber(g.occurrences)}</td>
                  <td className="px-3 py-2">{pct(g.exitRate)}</td>
                  <td className="px-3 py-2">
                    <Sparkline values={g.trend} label={`${g.occurrences} occurrences over ${days} days`} />
                  </td>
                  <td className="px-3 py-2" title={new Date(g.lastSeen).toISOString()}>
                    {formatRelative(g.lastSeen, now)}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {g.browsers
                      .slice(0, 3)
                      .map((b) => `${b.name} ${b.sessions}`)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/recordings/format";
import { BarSparkline } from "@/components/ui/bar-sparkline";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { ERRORS_CAP, errorGroups } from "@/lib/analytics/errors";
import { workspacePage } from "@/lib/auth/access";
import { formatNumber, formatUtcMinute } from "@/lib/format";

export const metadata: Metadata = { title: "Errors" };
export const dynamic = "force-dynamic";

const RANGES = [7, 30, 90];
const DAY_MS = 86_400_000;
const pct = (x: number) => `${Math.round(x * 100)}%`;

const columns: TableColumn[] = [
  { id: "error", header: "Error", sortable: true, className: "max-w-md" },
  { id: "sessions", header: "Sessions", sortable: true, className: "tabular-nums" },
  { id: "persons", header: "People", sortable: true, className: "tabular-nums" },
  { id: "occurrences", header: "Occurrences", sortable: true, className: "tabular-nums" },
  {
    id: "exitRate",
    header: <span title="Sessions that ended within 30 s of it">Left after</span>,
    sortable: true,
    className: "tabular-nums",
  },
  { id: "trend", header: "Trend" },
  { id: "lastSeen", header: "Last seen", sortable: true },
  { id: "browsers", header: "Browsers", className: "text-xs" },
];

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
          {formatUtcMinute(view.sampledSince ?? 0)}.
        </p>
      )}
      <DataTable
        label="Error groups"
        testId="error-groups"
        minWidth="860px"
        columns={columns}
        empty={`No exceptions in the last ${days} days. Uncaught errors and unhandled promise rejections on recorded pages appear here.`}
        rows={view.groups.map((g) => ({
          id: g.fingerprint,
          sort: {
            error: g.message,
            sessions: g.sessions,
            persons: g.persons,
            occurrences: g.occurrences,
            exitRate: g.exitRate,
            lastSeen: g.lastSeen,
          },
          cells: {
            error: (
              <>
                <Link
                  href={`/${workspace.slug}/errors/${g.fingerprint}?range=${days}`}
                  className="block truncate font-medium text-brand-600 hover:underline"
                  title={g.message}
                >
                  {g.message || "(no message)"}
                </Link>
                {g.frame && <span className="block truncate font-mono text-xs text-zinc-500">{g.frame}</span>}
              </>
            ),
            sessions: formatNumber(g.sessions),
            persons: formatNumber(g.persons),
            occurrences: formatNumber(g.occurrences),
            exitRate: pct(g.exitRate),
            trend: (
              <BarSparkline
                values={g.trend}
                height={20}
                tone="text-red-500"
                label={`${g.occurrences} occurrences over ${days} days`}
              />
            ),
            lastSeen: (
              <span title={new Date(g.lastSeen).toISOString()}>{formatRelative(g.lastSeen, now)}</span>
            ),
            browsers: g.browsers
              .slice(0, 3)
              .map((b) => `${b.name} ${b.sessions}`)
              .join(" · "),
          },
        }))}
      />
    </div>
  );
}

import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { formatDuration, formatRelative, signalBadges, summaryLine } from "@/components/recordings/format";
import { KeyboardNav } from "@/components/recordings/keyboard-nav";
import { MetricsStrip } from "@/components/recordings/metrics-strip";
import { NewRecordings } from "@/components/recordings/new-recordings";
import { Onboarding } from "@/components/recordings/onboarding";
import { SearchBar } from "@/components/recordings/search-bar";
import { workspacePage } from "@/lib/auth/access";
import { getProjectKey } from "@/lib/data/keys";
import { recentSessionIds } from "@/lib/data/sessions";
import { decodeCursor, querySessions, SORT_OPTIONS, type Sort } from "@/lib/search/engine";
import type { Filter } from "@/lib/search/filter";
import { sessionMetrics } from "@/lib/search/metrics";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";

export const metadata: Metadata = { title: "Recordings" };
export const dynamic = "force-dynamic";

export default async function RecordingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ cursor?: string; q?: string; sort?: string }>;
}) {
  const { workspace: slug } = await params;
  const { cursor, q = "", sort: rawSort } = await searchParams;
  const { workspace } = await workspacePage(slug, `/${slug}/recordings`);
  const validCursor = decodeCursor(cursor) ? cursor! : null;
  const sort: Sort = (SORT_OPTIONS as readonly string[]).includes(rawSort ?? "")
    ? (rawSort as Sort)
    : "recent";
  let filter: Filter = { expr: null };
  let searchError: { message: string; position: number } | null = null;
  try {
    filter = parseSearch(q);
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    searchError = { message: error.message, position: error.position };
  }
  const [page, metrics] = searchError
    ? [{ sessions: [], nextCursor: null }, null]
    : await Promise.all([
        querySessions(workspace.id, filter, { sort, cursor: validCursor, limit: 50 }),
        sessionMetrics(workspace.id, filter),
      ]);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host")}`;
  const hasAny = page.sessions.length > 0 || (await recentSessionIds(workspace.id, 1)).length > 0;
  if (!hasAny) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Recordings</h1>
        <Onboarding
          projectKey={(await getProjectKey(workspace.id)).current}
          origin={origin}
          workspaceName={workspace.name}
        />
      </div>
    );
  }
  const now = Date.now();
  // "New" means started after the newest session matching this search when the page was made.
  const newest =
    searchError || validCursor || filter.before !== undefined
      ? undefined
      : sort === "recent"
        ? page.sessions[0]
        : (await querySessions(workspace.id, filter, { sort: "recent", limit: 1 })).sessions[0];
  const newestStart =
    searchError || validCursor || filter.before !== undefined ? null : (newest?.startedAt ?? 0);
  const keep = new URLSearchParams({ ...(q && { q }), ...(sort !== "recent" && { sort }) });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Recordings</h1>
      <KeyboardNav />
      <SearchBar key={`${q}|${sort}`} q={q} sort={sort} error={searchError} />
      {newestStart !== null && (
        <NewRecordings key={`${q}|${newestStart}`} workspace={workspace.slug} q={q} since={newestStart + 1} />
      )}
      {metrics && metrics.sessions > 0 && <MetricsStrip metrics={metrics} />}
      {page.sessions.length === 0 && !searchError && (
        <p
          className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
          data-testid="no-matches"
        >
          No recordings match this search{validCursor ? " beyond this page" : ""}. Loosen a term, or{" "}
          <Link href={`/${workspace.slug}/recordings`} className="font-medium text-brand-600 hover:underline">
            clear the search
          </Link>
          .
        </p>
      )}
      {page.sessions.length > 0 && (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[720px] text-left text-sm" data-testid="recordings">
            <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="px-3 py-2 font-medium">Person</th>
                <th className="px-3 py-2 font-medium">What happened</th>
                <th className="px-3 py-2 font-medium">Started</th>
                <th className="px-3 py-2 font-medium">Duration</th>
                <th
                  className="px-3 py-2 font-medium"
                  title="Share of the time with input or pointer activity"
                >
                  Active
                </th>
                <th className="px-3 py-2 font-medium">Clicks</th>
                <th className="px-3 py-2 font-medium">Device</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {page.sessions.map((s) => (
                <tr key={s.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-900" data-session-id={s.id}>
                  <td className="max-w-48 truncate px-3 py-2 font-medium">
                    <Link
                      href={`/${workspace.slug}/recordings/${s.id}?${new URLSearchParams({ from: `?${keep}` })}`}
                      data-row-link
                      className="rounded hover:underline focus:outline-2 focus:outline-brand-500"
                    >
                      {s.fields.distinctId}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <div>{summaryLine(s.fields)}</div>
                    <div className="mt-1 flex flex-wrap gap-1">
                      {signalBadges(s.fields).map((b) => (
                        <span
                          key={b.label}
                          className="rounded-full bg-red-50 px-2 py-0.5 text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
                        >
                          {b.label}
                          {b.count > 1 ? ` ×${b.count}` : ""}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                    <time
                      dateTime={new Date(s.startedAt).toISOString()}
                      title={new Date(s.startedAt).toLocaleString()}
                    >
                      {formatRelative(s.startedAt, now)}
                    </time>
                  </td>
                  <td className="px-3 py-2 tabular-nums">{formatDuration(s.durationMs)}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {s.durationMs > 0
                      ? `${Math.min(100, Math.round((Number(s.fields.activeMs ?? 0) / s.durationMs) * 100))}%`
                      : "—"}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{s.fields.clickCount ?? 0}</td>
                  <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                    {[
                      s.fields.browser,
                      s.fields.os,
                      s.fields.device,
                      s.fields.country !== "unknown" ? s.fields.country : null,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.nextCursor && (
        <Link
          href={`?${new URLSearchParams({ ...Object.fromEntries(keep), cursor: page.nextCursor })}`}
          className="inline-block text-sm font-medium text-brand-600 hover:underline"
        >
          Next page →
        </Link>
      )}
    </div>
  );
}

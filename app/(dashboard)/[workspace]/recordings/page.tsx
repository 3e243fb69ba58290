import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { KeyboardNav } from "@/components/recordings/keyboard-nav";
import { MetricsStrip } from "@/components/recordings/metrics-strip";
import { NewRecordings } from "@/components/recordings/new-recordings";
import { Onboarding } from "@/components/recordings/onboarding";
import { RecordingsTable } from "@/components/recordings/recordings-table";
import { SearchBar } from "@/components/recordings/search-bar";
import { workspacePage } from "@/lib/auth/access";
import { getProjectKey } from "@/lib/data/keys";
import { recentSessionIds } from "@/lib/data/sessions";
import { annotateSessions } from "@/lib/search/annotate";
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
  const { workspace, user } = await workspacePage(slug, `/${slug}/recordings`);
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
        <RecordingsTable
          workspace={workspace.slug}
          query={Object.fromEntries(keep)}
          initial={{
            sessions: await annotateSessions(workspace.id, page.sessions, user.id),
            nextCursor: page.nextCursor,
          }}
          renderedAt={now}
        />
      )}
    </div>
  );
}

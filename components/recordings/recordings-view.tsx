import Link from "next/link";
import type { ReactNode } from "react";
import type { FacetOptions } from "@/components/recordings/filter-controls";
import { KeyboardNav } from "@/components/recordings/keyboard-nav";
import { MetricsStrip } from "@/components/recordings/metrics-strip";
import { NewRecordings } from "@/components/recordings/new-recordings";
import { RecordingsTable } from "@/components/recordings/recordings-table";
import { SearchBar } from "@/components/recordings/search-bar";
import { errorValuesOf } from "@/lib/analytics/errors";
import {
  cohortValuesOf,
  eventValuesOf,
  formValuesOf,
  pageValuesOf,
  personValuesOf,
  propertyValuesOf,
  requestValuesOf,
  tagValuesOf,
} from "@/lib/data/facets";
import { PICKED_FACETS } from "@/lib/data/session-keys";
import { facetValuesOf } from "@/lib/data/sessions";
import { annotateSessions } from "@/lib/search/annotate";
import { decodeCursor, querySessions, SORT_OPTIONS, type Sort } from "@/lib/search/engine";
import { and, type Expr, type Filter } from "@/lib/search/filter";
import { sessionMetrics } from "@/lib/search/metrics";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";

/**
 * The recordings list with its search, figures and paging: the Recordings page, and a person's
 * Recordings tab (`scope` then narrows every query to that person, and the search box edits the rest).
 */
export async function RecordingsView({
  workspace,
  userId,
  q,
  rawSort,
  cursor,
  scope,
  clearHref,
  empty,
  canPin = false,
}: {
  workspace: { id: string; slug: string };
  userId: string;
  q: string;
  rawSort?: string;
  cursor?: string;
  scope?: Expr;
  clearHref: string;
  /** What to show when nothing at all is recorded in this scope. */
  empty: () => Promise<ReactNode | null>;
  canPin?: boolean;
}) {
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
  const scoped: Filter = scope
    ? { ...filter, expr: and([scope, ...(filter.expr ? [filter.expr] : [])]) }
    : filter;
  const [page, metrics, present] = await Promise.all([
    searchError
      ? { sessions: [], nextCursor: null }
      : querySessions(workspace.id, scoped, { sort, cursor: validCursor, limit: 50 }),
    searchError ? null : sessionMetrics(workspace.id, scoped),
    Promise.all([
      Promise.all([
        ...PICKED_FACETS.map((f) => facetValuesOf(workspace.id, f)),
        pageValuesOf(workspace.id),
        eventValuesOf(workspace.id),
        requestValuesOf(workspace.id),
        formValuesOf(workspace.id),
        tagValuesOf(workspace.id),
        errorValuesOf(workspace.id),
      ]).then((lists) =>
        Object.fromEntries(
          [...PICKED_FACETS, "page", "event", "request", "form", "tag", "error"].map((f, i) => [f, lists[i]]),
        ),
      ),
      personValuesOf(workspace.id),
      propertyValuesOf(workspace.id),
      cohortValuesOf(workspace.id),
    ]).then(([lists, person, prop, cohort]): FacetOptions => ({ ...lists, person, prop, cohort })),
  ]);
  if (page.sessions.length === 0 && !q && !validCursor) {
    const shown = await empty();
    if (shown) return shown;
  }
  const now = Date.now();
  // "New" means started after the newest session matching this search when the page was made.
  const live = !searchError && !validCursor && filter.before === undefined;
  const newest = !live
    ? undefined
    : sort === "recent"
      ? page.sessions[0]
      : (await querySessions(workspace.id, scoped, { sort: "recent", limit: 1 })).sessions[0];
  const newestStart = live ? (newest?.startedAt ?? 0) : null;
  const scopedQ = scope ? printSearch(scoped) : q;
  const keep = new URLSearchParams({ ...(scopedQ && { q: scopedQ }), ...(sort !== "recent" && { sort }) });
  return (
    <div className="space-y-4">
      <KeyboardNav />
      <SearchBar
        key={`${q}|${sort}`}
        q={q}
        sort={sort}
        error={searchError}
        present={present}
        workspace={workspace.slug}
      />
      {newestStart !== null && (
        <NewRecordings
          key={`${scopedQ}|${newestStart}`}
          workspace={workspace.slug}
          q={scopedQ}
          since={newestStart + 1}
        />
      )}
      {metrics && metrics.sessions > 0 && <MetricsStrip metrics={metrics} />}
      {page.sessions.length === 0 && !searchError && (
        <p
          className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
          data-testid="no-matches"
        >
          No recordings match this search{validCursor ? " beyond this page" : ""}. Loosen a term, or{" "}
          <Link href={clearHref} className="font-medium text-brand-600 hover:underline">
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
            sessions: await annotateSessions(workspace.id, page.sessions, userId),
            nextCursor: page.nextCursor,
          }}
          renderedAt={now}
          canPin={canPin}
        />
      )}
    </div>
  );
}

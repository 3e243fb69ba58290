import { BOUNCE_MS } from "@/lib/bounce";
import { countFromIndex, querySessions } from "./engine";
import type { Filter } from "./filter";

/**
 * The figures above the list, from the same result set. Their cost is capped twice: beyond `cap`
 * matching sessions, or once the search has looked at `lookCap` recordings (a narrow search over
 * a large workspace), they are computed from the newest matches found so far and say so.
 */
export interface SessionMetrics {
  sessions: number;
  /** False when the result set is larger than what was read: the figures are then a sample. */
  exact: boolean;
  /** How many recordings the search looked at (index entries walked) for these figures. */
  lookedAt: number;
  /** The sample ended because the search had looked at enough recordings, not found enough. */
  stoppedLooking: boolean;
  /** The exact number of matching sessions when an index counts it (see countFromIndex), else null. */
  total: number | null;
  avgDurationMs: number;
  pagesPerSession: number;
  /** Share of sessions with one page and under 10 s. */
  bounceRate: number;
  /** Share of sessions with at least one exception. */
  errorRate: number;
}

export { BOUNCE_MS };

export async function sessionMetrics(
  ws: string,
  filter: Filter,
  cap = 2000,
  lookCap = 50_000,
): Promise<SessionMetrics> {
  let sessions = 0;
  let lookedAt = 0;
  let duration = 0;
  let pages = 0;
  let bounces = 0;
  let withErrors = 0;
  let cursor: string | null = null;
  let exact = true;
  let stoppedLooking = false;
  do {
    const page = await querySessions(ws, filter, {
      sort: "recent",
      cursor,
      limit: Math.min(200, cap - sessions),
    });
    for (const s of page.sessions) {
      const pageCount = s.fields.pageCount;
      sessions++;
      duration += s.durationMs;
      pages += pageCount;
      if (pageCount <= 1 && s.durationMs < BOUNCE_MS) bounces++;
      if (s.fields.errorCount > 0) withErrors++;
    }
    lookedAt += page.examined;
    cursor = page.nextCursor;
    if (cursor && (sessions >= cap || lookedAt >= lookCap)) {
      exact = false;
      stoppedLooking = sessions < cap;
      cursor = null;
    }
  } while (cursor);
  const total = exact ? sessions : await countFromIndex(ws, filter);
  const share = (n: number) => (sessions ? n / sessions : 0);
  return {
    sessions,
    exact,
    lookedAt,
    stoppedLooking,
    total,
    avgDurationMs: sessions ? duration / sessions : 0,
    pagesPerSession: share(pages),
    bounceRate: share(bounces),
    errorRate: share(withErrors),
  };
}

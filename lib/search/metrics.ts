import { querySessions } from "./engine";
import type { Filter } from "./filter";

/**
 * The figures above the list, from the same result set. Their cost is capped: beyond `cap`
 * sessions they are computed from the newest `cap` and say so.
 */
export interface SessionMetrics {
  sessions: number;
  /** False when the result set is larger than the cap: the figures are then a sample. */
  exact: boolean;
  avgDurationMs: number;
  pagesPerSession: number;
  /** Share of sessions with one page and under 10 s. */
  bounceRate: number;
  /** Share of sessions with at least one exception. */
  errorRate: number;
}

export const BOUNCE_MS = 10_000;

export async function sessionMetrics(ws: string, filter: Filter, cap = 2000): Promise<SessionMetrics> {
  let sessions = 0;
  let duration = 0;
  let pages = 0;
  let bounces = 0;
  let withErrors = 0;
  let cursor: string | null = null;
  let exact = true;
  do {
    const page = await querySessions(ws, filter, {
      sort: "recent",
      cursor,
      limit: Math.min(200, cap - sessions),
    });
    for (const s of page.sessions) {
      const pageCount = Number(s.fields.pageCount ?? 0);
      sessions++;
      duration += s.durationMs;
      pages += pageCount;
      if (pageCount <= 1 && s.durationMs < BOUNCE_MS) bounces++;
      if (Number(s.fields.errorCount ?? 0) > 0) withErrors++;
    }
    cursor = page.nextCursor;
    if (cursor && sessions >= cap) {
      exact = false;
      cursor = null;
    }
  } while (cursor);
  const share = (n: number) => (sessions ? n / sessions : 0);
  return {
    sessions,
    exact,
    avgDurationMs: sessions ? duration / sessions : 0,
    pagesPerSession: share(pages),
    bounceRate: share(bounces),
    errorRate: share(withErrors),
  };
}

import type { RequestSummary } from "@/lib/captured-requests";

/**
 * Requests per path for the Analytics page (#23), from what ingest keeps per session: each
 * distinct (method, normalised path, status class) with the longest call. So the figures count
 * sessions, not calls: how many sessions made the request, in how many it failed or answered 5xx,
 * in how many a call took a second or more.
 */
export interface RequestRow {
  method: string;
  path: string;
  sessions: number;
  errorSessions: number;
  errorRate: number;
  slowSessions: number;
  slowestMs: number;
}

export const SLOW_REQUEST_MS = 1000;
export const REQUEST_ROWS = 15;

export function requestFigures(bySession: Iterable<RequestSummary[]>, rows = REQUEST_ROWS): RequestRow[] {
  const acc = new Map<string, RequestRow>();
  for (const requests of bySession) {
    // One session counts once per request, whatever statuses its calls had.
    const seen = new Map<string, { error: boolean; slow: boolean; ms: number }>();
    for (const r of requests) {
      const key = `${r.method} ${r.path}`;
      const s = seen.get(key) ?? { error: false, slow: false, ms: 0 };
      s.error ||= r.status === "5xx" || r.status === "failed";
      s.slow ||= r.maxMs >= SLOW_REQUEST_MS;
      s.ms = Math.max(s.ms, r.maxMs);
      seen.set(key, s);
    }
    for (const [key, s] of seen) {
      const [method, ...rest] = key.split(" ");
      const row = acc.get(key) ?? {
        method: method!,
        path: rest.join(" "),
        sessions: 0,
        errorSessions: 0,
        errorRate: 0,
        slowSessions: 0,
        slowestMs: 0,
      };
      row.sessions++;
      if (s.error) row.errorSessions++;
      if (s.slow) row.slowSessions++;
      row.slowestMs = Math.max(row.slowestMs, s.ms);
      acc.set(key, row);
    }
  }
  return [...acc.values()]
    .map((r) => ({ ...r, errorRate: r.errorSessions / r.sessions }))
    .sort(
      (a, b) =>
        b.sessions - a.sessions ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : a.method < b.method ? -1 : 1),
    )
    .slice(0, rows);
}

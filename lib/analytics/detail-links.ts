import type { Condition } from "@/lib/search/filter";
import { printSearch } from "@/lib/search/print";
import type { AnalyticsResult } from "./session-analytics";

/**
 * The recordings searches behind the Analytics page's links. Paths, the flow, requests and forms
 * are counted over the sessions read (the newest DETAIL_CAP on the rollup path, the newest
 * ANALYTICS_CAP otherwise), so their links search only those: `after:` the oldest one's start,
 * to the millisecond, rather than the whole range, or a drill-down would find more than it says.
 */

/** Where the sessions the detail was counted from begin; null when they are every session of the range. */
export function detailSince(result: AnalyticsResult): number | null {
  return result.rollup ? result.rollup.detailSince : result.sampledSince;
}

/**
 * The page's search `q` over the last `days` days, or from `since` (inclusive, as the sample is),
 * narrowed by one more condition where given.
 */
export function recordingsSearch(
  q: string,
  days: number,
  since: number | null = null,
  condition?: Condition,
): string {
  const from = since === null ? `after:${days}d` : `after:${new Date(since).toISOString()}`;
  return [q, condition ? printSearch({ expr: condition }) : "", from].filter(Boolean).join(" ");
}

import { formatNumber } from "@/lib/format";
import type { SessionMetrics } from "@/lib/search/metrics";
import { formatDuration } from "./format";

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** Sessions, average duration, pages per session, bounce and error rate for the current search. */
export function MetricsStrip({ metrics }: { metrics: SessionMetrics }) {
  const items: [string, string][] = [
    ["Sessions", metrics.total !== null ? formatNumber(metrics.total) : `${formatNumber(metrics.sessions)}+`],
    ["Avg. duration", formatDuration(metrics.avgDurationMs)],
    ["Pages / session", metrics.pagesPerSession.toFixed(1)],
    ["Bounce rate", percent(metrics.bounceRate)],
    ["Error rate", percent(metrics.errorRate)],
  ];
  return (
    <section aria-label="Figures for this search" data-testid="metrics">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5">
        {items.map(([label, value]) => (
          <div key={label} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {!metrics.exact && (
        <p className="mt-1 text-xs text-zinc-500">
          {metrics.total !== null ? "Averages and rates" : "Estimated"} from the newest{" "}
          {formatNumber(metrics.sessions)}
          {metrics.total !== null && <> of {formatNumber(metrics.total)}</>} matching sessions
          {metrics.stoppedLooking && (
            <> (found among the newest {formatNumber(metrics.lookedAt)} recordings looked at)</>
          )}
          ; narrow the search (a time range) for exact figures.
        </p>
      )}
    </section>
  );
}

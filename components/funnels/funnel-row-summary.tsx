"use client";

import { errorMessage } from "@/lib/api/client";
import { formatNumber } from "@/lib/format";
import { useFunnelSummary } from "@/lib/queries/funnels";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A saved funnel's conversion and weekly trend on its row of the list, loaded after the list shows. */
export function FunnelRowSummary({ workspace, funnelId }: { workspace: string; funnelId: string }) {
  const summary = useFunnelSummary(workspace, funnelId);
  if (summary.isPending) return <p className="text-sm text-zinc-500">Calculating conversion…</p>;
  if (summary.isError) return <p className="text-sm text-red-600">{errorMessage(summary.error)}</p>;
  const s = summary.data;
  if (s.rate === null) return <p className="text-sm text-zinc-500">Nobody entered in its range.</p>;
  return (
    <div className="flex items-center gap-3 text-sm" data-testid="funnel-summary">
      <span className="font-semibold tabular-nums">{pct(s.rate)}</span>
      <span className="text-zinc-600 dark:text-zinc-400">
        {formatNumber(s.converted)} of {formatNumber(s.entered)} converted
      </span>
      {s.weekChange !== null && (
        <span
          className={
            s.weekChange >= 0 ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"
          }
          title="Conversion of the last 7 days against the 7 before"
        >
          {s.weekChange >= 0 ? "▲" : "▼"} {Math.abs(s.weekChange).toFixed(1)} pts
        </span>
      )}
      <WeeklySpark weekly={s.weekly} />
    </div>
  );
}

function WeeklySpark({ weekly }: { weekly: (number | null)[] }) {
  if (weekly.length < 2) return null;
  const w = 8;
  const h = 18;
  return (
    <svg
      width={weekly.length * w}
      height={h}
      role="img"
      aria-label="Weekly conversion"
      className="text-brand-500"
    >
      {weekly.map((rate, i) => {
        const bar = rate === null ? 1 : Math.max(2, Math.round(rate * h));
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: a week is its position
            key={i}
            x={i * w}
            y={h - bar}
            width={w - 2}
            height={bar}
            className={rate === null ? "fill-zinc-200 dark:fill-zinc-800" : "fill-current"}
          >
            <title>{rate === null ? "nobody entered" : pct(rate)}</title>
          </rect>
        );
      })}
    </svg>
  );
}

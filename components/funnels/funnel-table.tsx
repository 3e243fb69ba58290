"use client";

import { formatDuration } from "@/components/recordings/format";
import { type FunnelStep, stepLabel } from "@/lib/analytics/funnel";
import type { FunnelResult } from "@/lib/analytics/run-funnel";
import { formatNumber } from "@/lib/format";
import type { PersonsRequest } from "./funnel-persons";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const link =
  "rounded text-brand-600 hover:underline focus:outline-2 focus:outline-brand-500 disabled:text-zinc-400 disabled:no-underline";

/** Per step: persons, conversion, median time, and the two lists behind it (converted, dropped off). */
export function FunnelTable({
  steps,
  result,
  onPersons,
}: {
  steps: FunnelStep[];
  result: FunnelResult;
  onPersons: (request: PersonsRequest) => void;
}) {
  return (
    <div className="space-y-4">
      <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
        <table className="w-full min-w-[640px] text-left text-sm" data-testid="funnel-steps">
          <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th className="px-3 py-2">Step</th>
              <th className="px-3 py-2 text-right">Converted</th>
              <th className="px-3 py-2 text-right">From previous</th>
              <th className="px-3 py-2 text-right">From first</th>
              <th className="px-3 py-2 text-right">Dropped off</th>
              <th className="px-3 py-2 text-right">Median time</th>
            </tr>
          </thead>
          <tbody>
            {result.steps.map((f, i) => (
              <tr
                // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
                key={i}
                className="border-t border-zinc-100 dark:border-zinc-800"
                data-testid="funnel-step-row"
              >
                <td className="px-3 py-2 font-medium">
                  {i + 1}. {stepLabel(steps[i]!)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  <button
                    type="button"
                    className={link}
                    disabled={f.persons === 0}
                    onClick={() => onPersons({ step: i, outcome: "converted" })}
                    aria-label={`${f.persons} converted at step ${i + 1}: show persons`}
                  >
                    {formatNumber(f.persons)}
                  </button>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{i === 0 ? "—" : pct(f.fromPrevious)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{pct(f.fromFirst)}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {i === 0 ? (
                    "—"
                  ) : (
                    <button
                      type="button"
                      className={link}
                      disabled={f.droppedOff === 0}
                      onClick={() => onPersons({ step: i, outcome: "dropped" })}
                      aria-label={`${f.droppedOff} dropped off before step ${i + 1}: show persons`}
                    >
                      {formatNumber(f.droppedOff)}
                    </button>
                  )}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {f.medianMsFromPrevious === null ? "—" : formatDuration(f.medianMsFromPrevious)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.breakdown && (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm" data-testid="funnel-breakdown">
            <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="px-3 py-2">Breakdown</th>
                {steps.map((_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
                  <th key={i} className="px-3 py-2 text-right">
                    Step {i + 1}
                  </th>
                ))}
                <th className="px-3 py-2 text-right">Conversion</th>
              </tr>
            </thead>
            <tbody>
              {result.breakdown.map((b) => (
                <tr key={b.value} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="px-3 py-2 font-medium">{b.value}</td>
                  {b.steps.map((f, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
                    <td key={i} className="px-3 py-2 text-right tabular-nums">
                      <button
                        type="button"
                        className={link}
                        disabled={f.persons === 0}
                        onClick={() => onPersons({ step: i, outcome: "converted", breakdownValue: b.value })}
                      >
                        {formatNumber(f.persons)}
                      </button>
                      {i > 0 && f.droppedOff > 0 && (
                        <button
                          type="button"
                          className="ml-1 text-xs text-zinc-500 hover:underline"
                          onClick={() => onPersons({ step: i, outcome: "dropped", breakdownValue: b.value })}
                          title="Dropped off before this step"
                        >
                          (−{f.droppedOff})
                        </button>
                      )}
                    </td>
                  ))}
                  <td className="px-3 py-2 text-right tabular-nums">{pct(b.steps.at(-1)!.fromFirst)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

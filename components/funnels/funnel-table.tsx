"use client";

import { formatDuration } from "@/components/recordings/format";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { type FunnelStep, stepLabel } from "@/lib/analytics/funnel";
import type { FunnelResult } from "@/lib/analytics/run-funnel";
import { formatNumber } from "@/lib/format";
import type { PersonsRequest } from "./funnel-persons";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const link =
  "rounded text-brand-600 hover:underline focus:outline-2 focus:outline-brand-500 disabled:text-zinc-400 disabled:no-underline";

/** Steps keep their order (it is the funnel), so their columns do not sort. */
const stepColumns: TableColumn[] = [
  { id: "step", header: "Step", className: "font-medium" },
  { id: "converted", header: "Converted", align: "right" },
  { id: "fromPrevious", header: "From previous", align: "right" },
  { id: "fromFirst", header: "From first", align: "right" },
  { id: "dropped", header: "Dropped off", align: "right" },
  { id: "median", header: "Median time", align: "right" },
];

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
  const breakdownColumns: TableColumn[] = [
    { id: "value", header: "Breakdown", sortable: true, className: "font-medium" },
    ...steps.map((_, i) => ({
      id: `s${i}`,
      header: `Step ${i + 1}`,
      sortable: true,
      align: "right" as const,
    })),
    { id: "conversion", header: "Conversion", sortable: true, align: "right" },
  ];
  return (
    <div className="space-y-4">
      <DataTable
        label="Funnel steps"
        testId="funnel-steps"
        minWidth="640px"
        columns={stepColumns}
        empty="No steps."
        rows={result.steps.map((f, i) => ({
          id: String(i),
          testId: "funnel-step-row",
          cells: {
            step: `${i + 1}. ${stepLabel(steps[i]!)}`,
            converted: (
              <button
                type="button"
                className={link}
                disabled={f.persons === 0}
                onClick={() => onPersons({ step: i, outcome: "converted" })}
                aria-label={`${f.persons} converted at step ${i + 1}: show persons`}
              >
                {formatNumber(f.persons)}
              </button>
            ),
            fromPrevious: i === 0 ? "—" : pct(f.fromPrevious),
            fromFirst: pct(f.fromFirst),
            dropped:
              i === 0 ? (
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
              ),
            median: f.medianMsFromPrevious === null ? "—" : formatDuration(f.medianMsFromPrevious),
          },
        }))}
      />
      {result.breakdown && (
        <DataTable
          label="Funnel breakdown"
          testId="funnel-breakdown"
          columns={breakdownColumns}
          empty="No breakdown values."
          rows={result.breakdown.map((b) => ({
            id: b.value,
            sort: {
              value: b.value,
              conversion: b.steps.at(-1)!.fromFirst,
              ...Object.fromEntries(b.steps.map((f, i) => [`s${i}`, f.persons])),
            },
            cells: {
              value: b.value,
              conversion: pct(b.steps.at(-1)!.fromFirst),
              ...Object.fromEntries(
                b.steps.map((f, i) => [
                  `s${i}`,
                  <>
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
                  </>,
                ]),
              ),
            },
          }))}
        />
      )}
    </div>
  );
}

"use client";

import { controlClass } from "@/components/ui/control";
import type { Filter } from "@/lib/search/filter";
import { printSearch } from "@/lib/search/print";

const DAY_MS = 86_400_000;
const PRESETS: [string, number][] = [
  ["Last hour", 3_600_000],
  ["Last 24 hours", DAY_MS],
  ["Last 7 days", 7 * DAY_MS],
  ["Last 30 days", 30 * DAY_MS],
];

const day = (ms: number | undefined) => (ms === undefined ? "" : new Date(ms).toISOString().slice(0, 10));
const fromDay = (value: string) => (value ? Date.parse(`${value}T00:00:00Z`) : undefined);

/** A range of time: `after` inclusive, `before` exclusive (epoch ms); either may be open. */
export interface Range {
  after?: number;
  before?: number;
}

/**
 * Presets and a custom from/to of whole UTC days. `openEnded` offers "any time" (clearing both
 * ends); a view that needs a bounded range (heatmaps) leaves it off.
 */
export function RangeControls({
  range,
  onChange,
  disabled = false,
  openEnded = true,
  label = "When the sessions started",
}: {
  range: Range;
  onChange: (next: Range) => void;
  disabled?: boolean;
  openEnded?: boolean;
  label?: string;
}) {
  const set = range.after !== undefined || range.before !== undefined;
  return (
    <fieldset className="flex flex-wrap items-center gap-2 text-sm" disabled={disabled} aria-label={label}>
      <select
        aria-label="Time range"
        value=""
        onChange={(e) => e.target.value && onChange({ after: Date.now() - Number(e.target.value) })}
        className={controlClass("sm", "", openEnded && set)}
      >
        <option value="">{set ? "Time: custom" : "Time: any"}</option>
        {PRESETS.map(([name, ms]) => (
          <option key={name} value={ms}>
            {name}
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1">
        <span className="text-zinc-500">from</span>
        <input
          type="date"
          aria-label="From date"
          value={day(range.after)}
          max={day(range.before === undefined ? undefined : range.before - 1) || undefined}
          onChange={(e) => onChange({ after: fromDay(e.target.value), before: range.before })}
          className={controlClass("sm")}
        />
      </label>
      <label className="flex items-center gap-1">
        <span className="text-zinc-500">to</span>
        <input
          type="date"
          aria-label="To date"
          value={day(range.before === undefined ? undefined : range.before - 1)}
          min={day(range.after) || undefined}
          onChange={(e) => {
            const start = fromDay(e.target.value);
            onChange({ after: range.after, before: start === undefined ? undefined : start + DAY_MS });
          }}
          className={controlClass("sm")}
        />
      </label>
      {openEnded && set && (
        <button type="button" className="text-xs text-brand-600 hover:underline" onClick={() => onChange({})}>
          any time
        </button>
      )}
    </fieldset>
  );
}

/** Time range presets and a custom from/to, written into the same search as `after:` and `before:`. */
export function TimeRange({ filter, onChange }: { filter: Filter | null; onChange: (q: string) => void }) {
  return (
    <RangeControls
      range={{ after: filter?.after, before: filter?.before }}
      disabled={!filter}
      onChange={({ after, before }) => {
        if (!filter) return;
        const next: Filter = { expr: filter.expr };
        if (after !== undefined) next.after = after;
        if (before !== undefined) next.before = before;
        onChange(printSearch(next));
      }}
    />
  );
}

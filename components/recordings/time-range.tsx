"use client";

import { controlClass } from "@/components/ui/control";
import type { Filter } from "@/lib/search/filter";
import { printSearch } from "@/lib/search/print";

const PRESETS: [string, number][] = [
  ["Last hour", 3_600_000],
  ["Last 24 hours", 86_400_000],
  ["Last 7 days", 7 * 86_400_000],
  ["Last 30 days", 30 * 86_400_000],
];

const day = (ms: number | undefined) => (ms === undefined ? "" : new Date(ms).toISOString().slice(0, 10));

/** Time range presets and a custom from/to, written into the same search as `after:` and `before:`. */
export function TimeRange({ filter, onChange }: { filter: Filter | null; onChange: (q: string) => void }) {
  const set = (after: number | undefined, before: number | undefined) => {
    if (!filter) return;
    const next: Filter = { expr: filter.expr };
    if (after !== undefined) next.after = after;
    if (before !== undefined) next.before = before;
    onChange(printSearch(next));
  };
  const fromDay = (value: string) => (value ? Date.parse(`${value}T00:00:00Z`) : undefined);
  return (
    <fieldset
      className="flex flex-wrap items-center gap-2 text-sm"
      disabled={!filter}
      aria-label="When the sessions started"
    >
      <select
        aria-label="Time range"
        value=""
        onChange={(e) => e.target.value && set(Date.now() - Number(e.target.value), undefined)}
        className={controlClass("sm", "", filter?.after !== undefined || filter?.before !== undefined)}
      >
        <option value="">
          {filter?.after !== undefined || filter?.before !== undefined ? "Time: custom" : "Time: any"}
        </option>
        {PRESETS.map(([label, ms]) => (
          <option key={label} value={ms}>
            {label}
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1">
        <span className="text-zinc-500">from</span>
        <input
          type="date"
          aria-label="From date"
          value={day(filter?.after)}
          onChange={(e) => set(fromDay(e.target.value), filter?.before)}
          className={controlClass("sm")}
        />
      </label>
      <label className="flex items-center gap-1">
        <span className="text-zinc-500">to</span>
        <input
          type="date"
          aria-label="To date"
          value={day(filter?.before === undefined ? undefined : filter.before - 1)}
          onChange={(e) => {
            const start = fromDay(e.target.value);
            set(filter?.after, start === undefined ? undefined : start + 86_400_000);
          }}
          className={controlClass("sm")}
        />
      </label>
      {(filter?.after !== undefined || filter?.before !== undefined) && (
        <button
          type="button"
          className="text-xs text-brand-600 hover:underline"
          onClick={() => set(undefined, undefined)}
        >
          any time
        </button>
      )}
    </fieldset>
  );
}

"use client";

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
        className={`rounded-md border px-2 py-1 dark:bg-zinc-900 ${filter?.after !== undefined || filter?.before !== undefined ? "border-brand-500 bg-brand-50 dark:bg-brand-500/10" : "border-zinc-300 bg-white dark:border-zinc-700"}`}
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
          className="rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
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
          className="rounded-md border border-zinc-300 bg-white px-1.5 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
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

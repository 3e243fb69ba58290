"use client";

import { controlClass } from "@/components/ui/control";
import { formatNumber } from "@/lib/format";
import { findTerm, setTerm } from "@/lib/search/edit";
import type { Condition, Filter } from "@/lib/search/filter";
import { MAX_PATH_STEPS } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";
import { ANY_PAGES_BEFORE, VISIT_BEGAN } from "@/lib/url-path";

type PathTerm = Extract<Condition, { kind: "path" }>;
const isPath = (c: Condition): c is PathTerm => c.kind === "path";
const ANY_PAGE = "*";
// The anchors of a path to an end page (the flow diagram writes them), shown in words.
const ANCHORS: Record<string, string> = {
  [ANY_PAGES_BEFORE]: "(any pages before)",
  [VISIT_BEGAN]: "(the visit began with)",
};

/**
 * The visit's pages in order (`path:/a>/b$`), built a step at a time: the first page, then each next
 * one, from the pages recorded (or any page), and whether the visit ended there. Each change
 * rewrites the one path term in the search.
 */
export function PathPicker({
  filter,
  pages,
  onChange,
}: {
  filter: Filter | null;
  pages: { value: string; sessions: number }[];
  onChange: (q: string) => void;
}) {
  const current = filter ? findTerm(filter, isPath) : null;
  const term = current && isPath(current) ? current : null;
  const steps = term?.steps ?? [];

  function set(next: string[], exact = term?.exact ?? false) {
    if (!filter) return;
    const value: PathTerm | null = next.length ? { kind: "path", steps: next, exact } : null;
    onChange(printSearch(setTerm(filter, isPath, value)));
  }

  const options = (chosen: string) => (
    <>
      {chosen && chosen !== ANY_PAGE && !pages.some((p) => p.value === chosen) && (
        <option value={chosen}>{ANCHORS[chosen] ?? chosen}</option>
      )}
      <option value={ANY_PAGE}>Any page</option>
      {pages.map((p) => (
        <option key={p.value} value={p.value}>
          {`${p.value} (${formatNumber(p.sessions)})`}
        </option>
      ))}
    </>
  );

  return (
    <fieldset className="flex flex-wrap items-center gap-1 text-sm" aria-label="Path">
      {steps.length > 0 && (
        <span aria-hidden="true" className="text-xs text-zinc-500">
          Path
        </span>
      )}
      {steps.map((step, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in the path
        <label key={i} className="flex items-center gap-1">
          {i > 0 && (
            <span aria-hidden="true" className="text-zinc-400">
              →
            </span>
          )}
          <span className="sr-only">{i === 0 ? "Path: first page" : `Path: page ${i + 1}`}</span>
          <select
            value={step}
            aria-label={i === 0 ? "Path: first page" : `Path: page ${i + 1}`}
            onChange={(e) =>
              // Emptying a step cuts the path there: the steps after it no longer follow anything.
              set(e.target.value ? steps.map((s, j) => (j === i ? e.target.value : s)) : steps.slice(0, i))
            }
            className={controlClass("sm", "", true)}
          >
            <option value="">{i === 0 ? "Path: any" : "(end the path here)"}</option>
            {options(step)}
          </select>
        </label>
      ))}
      {steps.length < MAX_PATH_STEPS && (
        <label className="flex items-center gap-1">
          {steps.length > 0 && (
            <span aria-hidden="true" className="text-zinc-400">
              →
            </span>
          )}
          <span className="sr-only">{steps.length ? "Path: then" : "Path: first page"}</span>
          <select
            value=""
            aria-label={steps.length ? "Path: then" : "Path: first page"}
            onChange={(e) => e.target.value && set([...steps, e.target.value])}
            className={controlClass("sm", "", false)}
          >
            <option value="">{steps.length ? "then…" : "Path: any"}</option>
            {options("")}
          </select>
        </label>
      )}
      {steps.length > 0 && (
        <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          <input
            type="checkbox"
            checked={term?.exact ?? false}
            onChange={(e) => set(steps, e.target.checked)}
          />
          left after
        </label>
      )}
    </fieldset>
  );
}

"use client";

import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control";
import type { Filter } from "@/lib/search/filter";
import { parseSearch } from "@/lib/search/parse";
import { SORT_LABELS } from "@/lib/search/sorts";
import { type FacetOptions, FilterControls } from "./filter-controls";
import { TimeRange } from "./time-range";

const SORTS = Object.entries(SORT_LABELS);

/** The search box and sort; both live in the URL, so a search is shareable and the back button works. */
export function SearchBar({
  q,
  sort,
  error,
  present,
  workspace,
}: {
  q: string;
  sort: string;
  error: { message: string; position: number } | null;
  /** The facet values recorded in this workspace, offered by the pickers. */
  present?: FacetOptions;
  /** The workspace slug, for pickers that search as one types. */
  workspace?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(q);

  function go(next: { q?: string; sort?: string }) {
    const params = new URLSearchParams();
    const nq = next.q ?? text;
    const ns = next.sort ?? sort;
    if (nq.trim()) params.set("q", nq.trim());
    if (ns !== "recent") params.set("sort", ns);
    router.push(`${pathname}${params.size ? `?${params}` : ""}`);
  }

  let filter: Filter | null = null;
  try {
    filter = parseSearch(q);
  } catch {}

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    go({ q: text });
  }

  return (
    <search>
      <form onSubmit={submit} className="space-y-2">
        <div className="flex flex-wrap gap-2">
          <label className="sr-only" htmlFor="recordings-search">
            Search recordings
          </label>
          <input
            id="recordings-search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="has:errors page:/checkout duration:>1m browser:safari …"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "search-error" : "search-help"}
            className={controlClass("md", "min-w-0 flex-1 font-mono")}
          />
          <label className="sr-only" htmlFor="recordings-sort">
            Sort
          </label>
          <select
            id="recordings-sort"
            value={sort}
            onChange={(e) => go({ sort: e.target.value })}
            className={controlClass("md")}
          >
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <Button type="submit">Search</Button>
        </div>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <TimeRange filter={filter} onChange={(next) => go({ q: next })} />
          <FilterControls
            filter={filter}
            present={present}
            workspace={workspace}
            onChange={(next) => go({ q: next })}
          />
        </div>
        {error ? (
          <div
            id="search-error"
            role="alert"
            className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200"
            data-testid="search-error"
          >
            <pre className="overflow-x-auto font-mono text-xs">
              {q}
              {"\n"}
              {`${" ".repeat(error.position)}^`}
            </pre>
            <p className="mt-1">{error.message}</p>
          </div>
        ) : (
          <p id="search-help" className="text-xs text-zinc-500">
            Terms side by side must all match; also OR, -negation and parentheses. Keys: user: page: path:
            event: duration: active: interaction: pages: has: signal: browser: os: device: country: prop: tag:
            cohort: form: error: request: status: slow: after: before:
          </p>
        )}
      </form>
    </search>
  );
}

"use client";

import { useState } from "react";
import { controlClass } from "@/components/ui/control";
import { formatNumber } from "@/lib/format";
import { findTerm, setTerm } from "@/lib/search/edit";
import type { Condition, Filter } from "@/lib/search/filter";
import { printSearch } from "@/lib/search/print";

export interface PropertyOptions {
  key: string;
  sessions: number;
  values: { value: string; sessions: number }[];
}

const isProp = (c: Condition) => c.kind === "prop";

/**
 * Person properties: a key picker, then a value picker for that key, each with the sessions it
 * would match (lib/data/facets.ts propertyValuesOf). Choosing a value sets `prop:key=value`.
 */
export function PropertyPicker({
  filter,
  properties,
  onChange,
}: {
  filter: Filter | null;
  properties: PropertyOptions[];
  onChange: (q: string) => void;
}) {
  const current = filter ? findTerm(filter, isProp) : null;
  const term = current?.kind === "prop" ? current : null;
  const [pickedKey, setPickedKey] = useState(term?.key ?? "");
  // A key picked here is kept until one of its values is chosen; the search keeps its old term meanwhile.
  const key = pickedKey;
  const shown = term?.key === key ? term : null;
  const entry = properties.find((p) => p.key === key);
  const values = entry?.values ?? [];
  const knownValue = shown ? values.some((v) => v.value === shown.value) : true;

  function set(next: Condition | null) {
    if (filter) onChange(printSearch(setTerm(filter, isProp, next)));
  }

  return (
    <>
      <label className="flex items-center gap-1 text-sm">
        <span className="sr-only">Property</span>
        <select
          value={key}
          aria-label="Property"
          onChange={(e) => {
            setPickedKey(e.target.value);
            if (!e.target.value && term) set(null);
          }}
          className={controlClass("sm", "", Boolean(key))}
        >
          <option value="">Property: any</option>
          {key && !entry && <option value={key}>{key}</option>}
          {properties.map((p) => (
            <option key={p.key} value={p.key}>
              {`${p.key} (${formatNumber(p.sessions)})`}
            </option>
          ))}
        </select>
      </label>
      {key && (
        <label className="flex items-center gap-1 text-sm">
          <span className="sr-only">Value of {key}</span>
          <select
            value={shown?.value ?? ""}
            aria-label={`Value of ${key}`}
            onChange={(e) => set(e.target.value ? { kind: "prop", key, value: e.target.value } : null)}
            className={controlClass("sm", "", Boolean(shown))}
          >
            <option value="">{key}: any</option>
            {shown && !knownValue && <option value={shown.value}>{shown.value}</option>}
            {values.map((v) => (
              <option key={v.value} value={v.value}>
                {`${v.value} (${formatNumber(v.sessions)})`}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

"use client";

import { useEffect, useId, useState } from "react";
import { controlClass } from "@/components/ui/control";
import { formatNumber } from "@/lib/format";
import { personName } from "@/lib/person-name";
import { usePersonSearch } from "@/lib/queries/persons";
import { findTerm, setTerm } from "@/lib/search/edit";
import type { Condition, Filter } from "@/lib/search/filter";
import { printSearch } from "@/lib/search/print";

export interface PersonOption {
  value: string;
  sessions: number;
}

/** How many persons one typed search asks the server for. */
const SEARCHED = 20;
const isPerson = (c: Condition) => c.kind === "person";

/** "Amber Otter 27 · anon-01a2… (3)": the name the app shows, the id it searches by, the sessions. */
function labelOf(p: PersonOption): string {
  const name = personName(p.value);
  const who = name === p.value ? p.value : `${name} · ${p.value}`;
  return `${who} (${formatNumber(p.sessions)})`;
}

/**
 * The person picker: the persons seen most recently to start with, and, as one types, the persons
 * whose id or shown name contains the text (GET …/persons?q=, bounded). Choosing one sets `person:<id>`.
 */
export function PersonPicker({
  workspace,
  filter,
  recent,
  onChange,
}: {
  workspace?: string;
  filter: Filter | null;
  recent: PersonOption[];
  onChange: (q: string) => void;
}) {
  const listId = useId();
  const current = filter ? findTerm(filter, isPerson) : null;
  const chosen = current?.kind === "person" ? current.value : "";
  const [text, setText] = useState(chosen);
  // What was typed, once typing pauses: each pause is one bounded search on the server.
  const [settled, setSettled] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text.trim() === chosen ? "" : text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text, chosen]);
  const searched = usePersonSearch(workspace, settled, SEARCHED);
  const found = settled
    ? searched.data?.persons.map((p) => ({ value: p.distinctId, sessions: p.sessionCount }))
    : undefined;

  const options = found ?? recent;
  function apply(value: string) {
    if (!filter) return;
    const id = value.trim();
    onChange(printSearch(setTerm(filter, isPerson, id ? { kind: "person", value: id } : null)));
  }

  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">Person</span>
      <input
        type="search"
        list={listId}
        value={text}
        placeholder="Person: any"
        aria-label="Person"
        onChange={(e) => {
          setText(e.target.value);
          // Picking from the list fills in an id exactly: apply it at once.
          if (options.some((o) => o.value === e.target.value)) apply(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.preventDefault();
          apply(text);
        }}
        className={controlClass("sm", "w-44", Boolean(chosen))}
      />
      <datalist id={listId} data-testid="person-options">
        {options.map((p) => (
          <option key={p.value} value={p.value} label={labelOf(p)} />
        ))}
      </datalist>
    </label>
  );
}

"use client";

import { useMemo, useState } from "react";
import { ITEM_KINDS, type ItemKind, type TimelineItem } from "@/lib/replay/timeline";
import { groupConsecutive } from "@/lib/replay/timeline-group";
import { clock } from "./clock";
import { markedRow, useFollowPlayhead } from "./follow-list";

const KIND_LABELS: Record<ItemKind, string> = {
  page: "Pages",
  click: "Clicks",
  event: "Events",
  form: "Forms",
  vital: "Web Vitals",
  exception: "Errors",
  console: "Console errors",
  network: "Requests",
  signal: "Signals",
};

const KIND_DOT: Record<ItemKind, string> = {
  page: "bg-sky-500",
  click: "bg-zinc-400",
  event: "bg-violet-500",
  form: "bg-emerald-500",
  vital: "bg-teal-500",
  exception: "bg-orange-500",
  console: "bg-orange-400",
  network: "bg-amber-500",
  signal: "bg-red-500",
};

const keyOf = (i: TimelineItem) => `${i.kind}-${i.at}-${i.label}`;

/** A request's dot: red when it failed or answered 5xx, amber for 4xx, grey when it went fine. */
function dotOf(i: TimelineItem): string {
  if (i.kind !== "network") return KIND_DOT[i.kind];
  return i.severity === "error" ? "bg-red-500" : i.severity === "warning" ? "bg-amber-500" : "bg-zinc-300";
}

/** Everything that happened, in order, synced with the playhead; a click lands on the item and marks it. */
export function TimelinePanel({
  items,
  origin,
  currentMs,
  onSeek,
}: {
  items: TimelineItem[];
  origin: number;
  currentMs: number;
  onSeek: (ms: number) => void;
}) {
  const [hidden, setHidden] = useState<Set<ItemKind>>(new Set());
  const [text, setText] = useState("");
  const shown = useMemo(() => {
    const t = text.trim().toLowerCase();
    return items.filter(
      (i) =>
        !hidden.has(i.kind) &&
        (!t || i.label.toLowerCase().includes(t) || (i.detail ?? "").toLowerCase().includes(t)),
    );
  }, [items, hidden, text]);
  // Runs of identical rows are one row with a count until opened (lib/replay/timeline-group.ts).
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const rows = useMemo(
    () =>
      groupConsecutive(shown).flatMap((g) => {
        const group = keyOf(g.item);
        return opened.has(group)
          ? g.members.map((item, n) => ({ item, count: n === 0 ? g.count : 0, group }))
          : [{ item: g.item, count: g.count, group }];
      }),
    [shown, opened],
  );
  const [picked, setPicked] = useState<{ key: string; at: number } | null>(null);
  const current = markedRow(
    rows,
    (r) => r.item.at,
    origin + currentMs,
    (r) => keyOf(r.item),
    picked,
  );
  const { list, onScroll } = useFollowPlayhead(current);
  const counts = useMemo(() => {
    const c = new Map<ItemKind, number>();
    for (const i of items) c.set(i.kind, (c.get(i.kind) ?? 0) + 1);
    return c;
  }, [items]);
  return (
    <div className="flex h-full flex-col gap-2">
      <fieldset className="flex flex-wrap gap-1" aria-label="Show kinds">
        {ITEM_KINDS.filter((k) => counts.get(k)).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={!hidden.has(k)}
            onClick={() =>
              setHidden((h) => {
                const n = new Set(h);
                if (n.has(k)) n.delete(k);
                else n.add(k);
                return n;
              })
            }
            className="rounded-full border border-zinc-300 px-2 py-0.5 text-xs aria-pressed:border-brand-500 aria-pressed:bg-brand-50 dark:border-zinc-700 dark:aria-pressed:bg-brand-500/10"
          >
            <span className={`mr-1 inline-block size-2 rounded-full ${KIND_DOT[k]}`} />
            {KIND_LABELS[k]} {counts.get(k)}
          </button>
        ))}
      </fieldset>
      <input
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Filter the timeline"
        aria-label="Filter the timeline"
        className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      {shown.length === 0 ? (
        <p className="text-sm text-zinc-500">
          {items.length === 0 ? "Nothing recorded yet in the loaded part." : "Nothing matches these filters."}
        </p>
      ) : (
        <ul
          ref={list}
          onScroll={onScroll}
          className="min-h-0 flex-1 space-y-0.5 overflow-y-auto"
          data-testid="timeline"
        >
          {rows.map(({ item: i, count, group }) => {
            const key = keyOf(i);
            const inOpenGroup = opened.has(group) && key !== group;
            return (
              <li key={key} data-key={key} className={inOpenGroup ? "ml-4" : undefined}>
                <button
                  type="button"
                  onClick={() => {
                    setPicked({ key, at: i.at });
                    onSeek(Math.max(0, i.at - origin));
                  }}
                  aria-current={key === current ? "true" : undefined}
                  data-kind={i.kind}
                  data-signal={i.signal}
                  data-severity={i.severity}
                  data-rating={i.rating}
                  className="w-full rounded-md px-2 py-1 text-left text-sm hover:bg-zinc-100 aria-[current]:bg-brand-50 dark:hover:bg-zinc-800 dark:aria-[current]:bg-brand-500/15"
                >
                  <span className="flex items-baseline gap-2">
                    <span className={`inline-block size-2 shrink-0 rounded-full ${dotOf(i)}`} />
                    <span className="w-14 shrink-0 tabular-nums text-xs text-zinc-500">
                      {clock(i.at - origin)}
                    </span>
                    <span
                      className={`truncate ${i.severity === "error" ? "text-red-600 dark:text-red-400" : ""}`}
                    >
                      {i.label}
                      {count > 1 && ` ×${count}`}
                    </span>
                  </span>
                </button>
                {count > 1 && (
                  <button
                    type="button"
                    aria-expanded={opened.has(group)}
                    data-testid="timeline-group"
                    onClick={() =>
                      setOpened((o) => {
                        const n = new Set(o);
                        if (n.has(group)) n.delete(group);
                        else n.add(group);
                        return n;
                      })
                    }
                    className="ml-[5.75rem] rounded-full bg-zinc-100 px-1.5 text-xs tabular-nums text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
                  >
                    {opened.has(group) ? "Hide the repeats" : `Show all ${count}`}
                  </button>
                )}
                {i.detail && i.kind !== "page" && (
                  <details className="ml-[5.75rem] text-xs text-zinc-500">
                    <summary className="cursor-pointer">Details</summary>
                    <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all">
                      {i.detail}
                    </pre>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

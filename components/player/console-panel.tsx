"use client";

import { useMemo, useState } from "react";
import type { ConsoleLine } from "@/lib/replay/timeline";
import { clock } from "./clock";
import { markedRow, useFollowPlayhead } from "./follow-list";

const LEVELS = ["all", "log", "info", "warn", "error"] as const;
const LEVEL_STYLE: Record<string, string> = {
  error: "text-red-700 dark:text-red-400",
  assert: "text-red-700 dark:text-red-400",
  warn: "text-amber-700 dark:text-amber-300",
};

const keyOf = (l: ConsoleLine, i: number) => `${l.at}-${i}`;

/** The page's console as recorded (arguments redacted by the SDK), synced with the playhead. */
export function ConsolePanel({
  lines,
  origin,
  currentMs,
  onSeek,
}: {
  lines: ConsoleLine[];
  origin: number;
  currentMs: number;
  onSeek: (ms: number) => void;
}) {
  const [level, setLevel] = useState<(typeof LEVELS)[number]>("all");
  const [text, setText] = useState("");
  const shown = useMemo(() => {
    const t = text.trim().toLowerCase();
    return lines
      .map((l, i) => ({ l, key: keyOf(l, i) }))
      .filter(
        ({ l }) =>
          (level === "all" || l.level === level || (level === "error" && l.level === "assert")) &&
          (!t || l.text.toLowerCase().includes(t)),
      );
  }, [lines, level, text]);
  const [picked, setPicked] = useState<{ key: string; at: number } | null>(null);
  const current = markedRow(
    shown,
    (r) => r.l.at,
    origin + currentMs,
    (r) => r.key,
    picked,
  );
  const { list, onScroll } = useFollowPlayhead(current);
  if (lines.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="console-empty">
        No console output was captured in this recording. Console capture is off unless it is turned on: in
        Settings → Privacy for the whole workspace, or with <code>console: true</code> in the SDK&apos;s
        options. Arguments are redacted by the privacy denylist before they leave the browser.
      </p>
    );
  }
  return (
    <div className="flex h-full flex-col gap-2">
      <div className="flex gap-2">
        <select
          value={level}
          onChange={(e) => setLevel(e.target.value as (typeof LEVELS)[number])}
          aria-label="Console level"
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l === "all" ? "All levels" : l}
            </option>
          ))}
        </select>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Search the console"
          aria-label="Search the console"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
      <ul
        ref={list}
        onScroll={onScroll}
        className="min-h-0 flex-1 overflow-y-auto font-mono text-xs"
        data-testid="console"
      >
        {shown.map(({ l, key }) => (
          <li key={key} data-key={key}>
            <button
              type="button"
              onClick={() => {
                setPicked({ key, at: l.at });
                onSeek(Math.max(0, l.at - origin));
              }}
              aria-current={key === current ? "true" : undefined}
              className={`flex w-full gap-2 border-b border-zinc-100 px-1 py-0.5 text-left hover:bg-zinc-100 aria-[current]:bg-brand-50 dark:border-zinc-800 dark:hover:bg-zinc-800 dark:aria-[current]:bg-brand-500/15 ${LEVEL_STYLE[l.level] ?? ""}`}
            >
              <span className="w-12 shrink-0 text-zinc-500">{clock(l.at - origin)}</span>
              <span className="w-10 shrink-0 uppercase">{l.level}</span>
              <span className="whitespace-pre-wrap break-all">{l.text}</span>
            </button>
          </li>
        ))}
      </ul>
      {shown.length === 0 && <p className="text-sm text-zinc-500">No lines match.</p>}
    </div>
  );
}

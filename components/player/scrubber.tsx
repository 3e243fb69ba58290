"use client";

import { useRef, useState } from "react";
import type { TimelineItem } from "@/lib/replay/timeline";
import { clock } from "./clock";

export interface ScrubberMarker {
  at: number;
  kind: TimelineItem["kind"] | "comment";
  label: string;
  signal?: string;
}

const MARKER_COLOR: Record<string, string> = {
  signal: "bg-red-500",
  exception: "bg-orange-500",
  console: "bg-orange-400",
  network: "bg-amber-500",
  page: "bg-sky-500",
  event: "bg-violet-500",
  form: "bg-emerald-500",
  vital: "bg-teal-500",
  comment: "bg-yellow-400 ring-1 ring-yellow-700",
};

/**
 * The seek bar: played and buffered ranges, idle stretches, and a marker for every page, error,
 * signal and comment. Times are milliseconds from the recording's start.
 */
export function Scrubber({
  durationMs,
  currentMs,
  bufferedMs,
  idle,
  markers,
  onSeek,
}: {
  durationMs: number;
  currentMs: number;
  bufferedMs: number;
  idle: [number, number][];
  markers: ScrubberMarker[];
  onSeek: (ms: number) => void;
}) {
  const bar = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const total = Math.max(1, durationMs);
  const pct = (ms: number) => `${Math.min(100, Math.max(0, (ms / total) * 100))}%`;
  const at = (clientX: number) => {
    const r = bar.current!.getBoundingClientRect();
    return Math.round(Math.min(1, Math.max(0, (clientX - r.left) / r.width)) * total);
  };
  return (
    <div className="relative py-2">
      <div
        ref={bar}
        role="slider"
        tabIndex={0}
        aria-label="Playhead"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={Math.round(currentMs)}
        aria-valuetext={`${clock(currentMs)} of ${clock(total)}`}
        data-testid="scrubber"
        className="relative h-3 cursor-pointer rounded-full bg-zinc-200 dark:bg-zinc-800"
        onClick={(e) => onSeek(at(e.clientX))}
        onMouseMove={(e) => setHover(at(e.clientX))}
        onMouseLeave={() => setHover(null)}
        onKeyDown={(e) => {
          if (e.key !== "Home" && e.key !== "End") return;
          e.preventDefault();
          onSeek(e.key === "Home" ? 0 : total);
        }}
      >
        {idle.map(([a, b]) => (
          <div
            key={a}
            className="absolute inset-y-0 bg-zinc-300/70 dark:bg-zinc-700/70"
            style={{ left: pct(a), width: pct(b - a) }}
            title="Idle"
          />
        ))}
        <div
          className="absolute inset-y-0 left-0 rounded-full bg-zinc-400/40"
          style={{ width: pct(bufferedMs) }}
          data-testid="buffered"
        />
        <div
          className="absolute inset-y-0 left-0 rounded-full bg-brand-500"
          style={{ width: pct(currentMs) }}
        />
        <div
          className="absolute top-1/2 size-4 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-brand-600 shadow"
          style={{ left: pct(currentMs) }}
        />
      </div>
      <div className="relative mt-1 h-3" aria-hidden="true">
        {markers.map((m, i) => (
          <button
            type="button"
            tabIndex={-1}
            // biome-ignore lint/suspicious/noArrayIndexKey: two markers may share kind, time and label
            key={`${m.kind}-${m.at}-${i}`}
            title={`${clock(m.at)} ${m.label}`}
            data-marker={m.kind}
            data-signal={m.signal}
            data-at={m.at}
            onClick={() => onSeek(Math.max(0, m.at - 2000))}
            className={`absolute top-0 h-3 w-1.5 -translate-x-1/2 rounded-sm ${MARKER_COLOR[m.kind] ?? "bg-zinc-500"}`}
            style={{ left: pct(m.at) }}
          />
        ))}
      </div>
      {hover !== null && (
        <div
          className="pointer-events-none absolute -top-6 -translate-x-1/2 rounded bg-zinc-900 px-1.5 py-0.5 text-xs text-white tabular-nums"
          style={{ left: pct(hover) }}
        >
          {clock(hover)}
        </div>
      )}
    </div>
  );
}

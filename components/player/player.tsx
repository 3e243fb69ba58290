"use client";

import { useEffect, useRef, useState } from "react";
import "rrweb-player/dist/style.css";

type Event = { type: number; timestamp: number; data: Record<string, unknown> };
type PlayerInstance = { goto(ms: number, play?: boolean): void; $destroy(): void; pause(): void };
interface Marker {
  kind: string;
  at: number;
  url?: string;
}

const LABELS: Record<string, string> = {
  rage: "Rage click",
  dead: "Dead click",
  thrash: "Thrashing",
  uturn: "U-turn",
  errorclick: "Error click",
};

/** Loads a recording's chunks (the browser inflates the stored gzip) and mounts rrweb-player. */
export function Player({
  base,
  chunkCount,
  startAt,
  markers,
}: {
  base: string;
  chunkCount: number;
  startAt: number;
  markers: Marker[];
}) {
  const target = useRef<HTMLDivElement>(null);
  const player = useRef<PlayerInstance | null>(null);
  const [loaded, setLoaded] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [first, setFirst] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const events: Event[] = [];
      for (let i = 0; i < chunkCount; i++) {
        const res = await fetch(`${base}/chunks/${i}`);
        if (!res.ok) {
          if (!cancelled)
            setProblem(
              `Part ${i + 1} of ${chunkCount} could not be loaded (${res.status}); the replay may be incomplete.`,
            );
          continue;
        }
        const inflated = res.body!.pipeThrough(new DecompressionStream("gzip"));
        const batch = (await new Response(inflated).json()) as { events: Event[] };
        events.push(...batch.events);
        if (!cancelled) setLoaded(i + 1);
      }
      if (cancelled || !target.current) return;
      events.sort((a, b) => a.timestamp - b.timestamp);
      if (!events.some((e) => e.type === 2)) {
        setProblem(
          "This recording cannot be played: no full snapshot of the page was received. Likely causes: recording started after the page loaded, a Content-Security-Policy blocked the recorder, or batches were lost.",
        );
        return;
      }
      const { default: RRWebPlayer } = await import("rrweb-player");
      if (cancelled || !target.current) return;
      const width = Math.min(1024, target.current.clientWidth || 1024);
      const instance = new RRWebPlayer({
        target: target.current,
        props: {
          events: events as never,
          width,
          height: Math.round(width * 0.56),
          autoPlay: false,
          skipInactive: true,
          speed: 1,
          speedOption: [0.5, 1, 2, 4, 8],
        },
      }) as unknown as PlayerInstance;
      player.current = instance;
      setFirst(events[0]!.timestamp);
      if (startAt > 0) instance.goto(startAt * 1000, false);
    })().catch((error) => !cancelled && setProblem(`The recording could not be loaded: ${String(error)}`));
    return () => {
      cancelled = true;
      player.current?.$destroy();
      player.current = null;
    };
  }, [base, chunkCount, startAt]);

  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
      <div>
        {problem && (
          <p
            role="status"
            className="mb-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
            data-testid="replay-problem"
          >
            {problem}
          </p>
        )}
        {first === null && !problem && (
          <p className="text-sm text-zinc-500" data-testid="replay-loading">
            Loading the recording… {loaded} of {chunkCount} parts
          </p>
        )}
        <div ref={target} data-testid="player" />
      </div>
      <aside aria-label="What happened" className="space-y-2">
        <h2 className="text-sm font-semibold">Signals</h2>
        {markers.length === 0 ? (
          <p className="text-sm text-zinc-500">No frustration signals in this session.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {markers.map((m) => (
              <li key={`${m.kind}-${m.at}`}>
                <button
                  type="button"
                  disabled={first === null}
                  onClick={() =>
                    first !== null && player.current?.goto(Math.max(0, m.at - first - 2000), true)
                  }
                  className="w-full rounded-md px-2 py-1 text-left hover:bg-zinc-100 disabled:opacity-50 dark:hover:bg-zinc-800"
                >
                  <span className="font-medium">{LABELS[m.kind] ?? m.kind}</span>
                  {first !== null && (
                    <span className="ml-2 tabular-nums text-zinc-500">
                      {Math.max(0, Math.round((m.at - first) / 1000))}s
                    </span>
                  )}
                  {m.url && <span className="block truncate text-xs text-zinc-500">{m.url}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>
    </div>
  );
}

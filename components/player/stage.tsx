"use client";

import { type RefObject, useEffect, useState } from "react";
import { idleAt } from "@/lib/replay/timeline";
import { clock, span } from "./clock";
import type { ReplayState } from "./use-replay";

/**
 * Where rrweb-player mounts (`target`), with what covers it while it cannot show the recording:
 * loading, unplayable, failed, a seek waiting for its chunks, a skip through idle time.
 */
export function Stage(props: {
  stageRef: RefObject<HTMLDivElement | null>;
  targetRef: RefObject<HTMLDivElement | null>;
  state: ReplayState;
  totalChunks: number;
  skipNotice: string | null;
}) {
  const { state } = props;
  return (
    <div
      ref={props.stageRef}
      tabIndex={-1}
      className="relative w-full overflow-hidden rounded-lg bg-white outline-none dark:bg-zinc-950"
      data-status={state.status}
      data-first-frame-at={state.firstFrameAt ?? undefined}
      data-window-from={state.progress.from}
    >
      <div
        ref={props.targetRef}
        data-testid="player"
        className="[&_.rr-player]:!shadow-none [&_.rr-player]:!float-none"
      />
      {state.status === "loading" && (
        <p className="p-6 text-sm text-zinc-500" data-testid="replay-loading">
          Loading the first part of the recording… {state.progress.fed} of {props.totalChunks} parts
        </p>
      )}
      {state.status === "unplayable" && (
        <p className="p-6 text-sm text-zinc-600 dark:text-zinc-400" data-testid="replay-unplayable">
          This recording cannot be played: no full snapshot of the page was received. See above for why.
        </p>
      )}
      {state.status === "failed" && (
        <p role="alert" className="p-6 text-sm text-red-600">
          The recording could not be loaded. Reload the page to try again.
        </p>
      )}
      {state.seeking && (
        <div
          className="absolute inset-x-0 top-0 bg-zinc-900/80 px-3 py-1 text-sm text-white"
          role="status"
          data-testid="seek-progress"
        >
          Loading up to {clock(state.seeking.targetMs)} —{" "}
          {Math.min(state.seeking.needed, state.progress.fed - state.progress.from)} of {state.seeking.needed}{" "}
          parts
        </div>
      )}
      {props.skipNotice && state.skipInactive && (
        <div
          className="absolute inset-x-0 bottom-0 bg-zinc-900/80 px-3 py-1 text-sm text-white"
          role="status"
          data-testid="skipping"
        >
          {props.skipNotice}
        </div>
      )}
    </div>
  );
}

/** "Skipping 42 s idle" from the start of a skip, kept long enough to be read after it ends. */
export function useSkipNotice(skipping: boolean, idle: [number, number][], now: () => number): string | null {
  const [notice, setNotice] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the start of a skip matters
  useEffect(() => {
    if (!skipping) return;
    const stretch = idleAt(idle, now());
    setNotice(`Skipping ${stretch ? `${span(stretch[1] - stretch[0])} ` : ""}idle`);
  }, [skipping]);
  useEffect(() => {
    if (!notice || skipping) return;
    const t = setTimeout(() => setNotice(null), 1500);
    return () => clearTimeout(t);
  }, [notice, skipping]);
  return notice;
}

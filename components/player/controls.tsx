"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { Comment } from "@/lib/data/comments";
import type { LinkedIssue } from "@/lib/data/linked-issues";
import { clock } from "./clock";
import { CreateIssue } from "./create-issue";
import { type ReplayState, SPEEDS } from "./use-replay";
import { SHORTCUTS } from "./use-shortcuts";

/** The bar under the scrubber: play, clock, speed, skip inactivity, full screen, link, issue, keys. */
export function PlayerControls(props: {
  state: ReplayState;
  durationMs: number;
  onToggle: () => void;
  onSpeed: (speed: number) => void;
  onToggleSkip: () => void;
  fullscreen: boolean;
  onFullscreen: () => void;
  keysOpen: boolean;
  onKeysOpen: (open: boolean) => void;
  base: string;
  issues?: { providers: ("github" | "linear" | "jira")[]; linked: LinkedIssue[]; canCreate: boolean };
  shared?: boolean;
  comments: Comment[];
}) {
  const { state, durationMs } = props;
  const [copied, setCopied] = useState(false);
  const copyLink = async () => {
    const url = new URL(window.location.href);
    // Only the playlist position survives: list context and old moments do not belong in a link.
    const r = url.searchParams.get("r");
    url.search = "";
    if (r) url.searchParams.set("r", r);
    url.searchParams.set("t", String(Math.floor(state.currentMs / 1000)));
    await navigator.clipboard?.writeText(url.toString()).catch(() => {});
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button
        type="button"
        onClick={props.onToggle}
        disabled={state.status !== "ready"}
        className="rounded-md bg-brand-600 px-3 py-1 font-medium text-white disabled:opacity-50"
        aria-label={state.playing ? "Pause" : "Play"}
        data-testid="play"
      >
        {state.playing ? "Pause" : "Play"}
      </button>
      <span className="tabular-nums" data-testid="clock">
        {clock(state.currentMs)} / {clock(durationMs)}
      </span>
      <label className="flex items-center gap-1">
        <span className="text-zinc-500">Speed</span>
        <select
          value={state.speed}
          onChange={(e) => props.onSpeed(Number(e.target.value))}
          className="rounded-md border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="speed"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={state.skipInactive}
          onChange={props.onToggleSkip}
          data-testid="skip-inactive"
        />
        Skip inactivity
      </label>
      <button
        type="button"
        onClick={props.onFullscreen}
        className="rounded-md border border-zinc-300 px-2 py-0.5 dark:border-zinc-700"
      >
        {props.fullscreen ? "Exit full screen" : "Full screen"}
      </button>
      <button
        type="button"
        onClick={copyLink}
        className="rounded-md border border-zinc-300 px-2 py-0.5 dark:border-zinc-700"
        data-testid="copy-link"
      >
        {copied ? "Link copied" : `Copy link at ${clock(state.currentMs)}`}
      </button>
      {props.issues && !props.shared && (
        <CreateIssue
          base={props.base}
          providers={props.issues.providers}
          linked={props.issues.linked}
          canCreate={props.issues.canCreate}
          currentMs={state.currentMs}
          comments={props.comments}
        />
      )}
      <Dialog
        open={props.keysOpen}
        onOpenChange={props.onKeysOpen}
        title="Keyboard shortcuts"
        trigger={
          <button
            type="button"
            className="ml-auto rounded-md px-2 py-0.5 text-xs text-zinc-500 hover:bg-zinc-200 dark:hover:bg-zinc-800"
            data-testid="shortcuts"
          >
            Shortcuts (?)
          </button>
        }
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="shortcut-list">
          {SHORTCUTS.map(([k, what]) => (
            <div key={k} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-300 px-1 font-mono text-xs dark:border-zinc-700">
                  {k}
                </kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </Dialog>
    </div>
  );
}

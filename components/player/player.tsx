"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import "rrweb-player/dist/style.css";
import { Dialog } from "@/components/ui/dialog";
import type { Comment } from "@/lib/data/comments";
import type { LinkedIssue } from "@/lib/data/linked-issues";
import {
  type Health,
  mutationStorms,
  stormProblem,
  uninlinedStylesheets,
  viewportScale,
} from "@/lib/replay/health";
import { buildTimeline, idleAt, type SignalMarker } from "@/lib/replay/timeline";
import { viewportAt, viewportChanges } from "@/lib/replay/viewport";
import type { ChunkRef } from "./chunk-loader";
import { clock, span } from "./clock";
import { CommentsPanel } from "./comments-panel";
import { ConsolePanel } from "./console-panel";
import { CreateIssue } from "./create-issue";
import { DomInspector } from "./dom-inspector";
import { NetworkPanel } from "./network-panel";
import { Scrubber, type ScrubberMarker } from "./scrubber";
import { SessionPanel } from "./session-panel";
import { TimelinePanel } from "./timeline-panel";
import { SPEEDS, useReplay } from "./use-replay";

const TABS = ["timeline", "console", "network", "comments", "session", "inspect"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = {
  timeline: "Timeline",
  console: "Console",
  network: "Network",
  comments: "Comments",
  session: "Session",
  inspect: "Inspect DOM",
};

export interface PlayerProps {
  workspace: string;
  sessionId: string;
  base: string;
  endedAt: number;
  chunks: ChunkRef[];
  signals: SignalMarker[];
  comments: Comment[];
  tags: string[];
  startAtMs: number;
  health: Health;
  facts: { label: string; value: string; href?: string }[];
  backHref: string;
  viewer: { userId: string; canComment: boolean; canModerate: boolean; canTag: boolean; canDelete: boolean };
  /** Issue trackers to create issues in from the playhead, and the issues already linked. */
  issues?: { providers: ("github" | "linear" | "jira")[]; linked: LinkedIssue[]; canCreate: boolean };
  /** On a public share page: no comments, tags or links into the workspace. */
  shared?: boolean;
  autoplay?: boolean;
  onFinished?: () => void;
}

/** The player's keys, as the `?` overlay lists them. */
const SHORTCUTS: [string, string][] = [
  ["Space", "Play / pause"],
  ["← / →", "Back / forward 5 s"],
  ["Shift + ← / →", "Back / forward 15 s"],
  ["Home / End", "Start / end of the recording"],
  ["[ / ]", "Slower / faster"],
  ["f", "Full screen"],
  ["?", "This list"],
];

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

/** The player page's client side: rrweb-player, our controls and scrubber, and the side panels. */
export function Player(props: PlayerProps) {
  const { base, chunks, endedAt } = props;
  const stage = useRef<HTMLDivElement>(null);
  const shell = useRef<HTMLDivElement>(null);
  /** The recorded viewport at the playhead: the stage takes its shape, so the replay fills it. */
  const viewportRef = useRef<{ width: number; height: number } | null>(null);
  const size = useCallback(() => {
    const full = typeof document !== "undefined" && document.fullscreenElement === shell.current;
    const width = Math.max(320, Math.floor(stage.current?.clientWidth ?? 960));
    const top = full ? 0 : Math.max(0, stage.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
    // Room for the scrubber and the controls below the stage.
    const room = Math.max(240, window.innerHeight - top - 110);
    const v = viewportRef.current;
    const shaped = v && v.width > 0 ? Math.round((width * v.height) / v.width) : Math.round(width * 0.5625);
    return { width, height: full ? room : Math.max(240, Math.min(shaped, room)) };
  }, []);
  const { target, state, controls, events, origin } = useReplay({
    base,
    chunks,
    startAtMs: props.startAtMs,
    size,
    autoplay: props.autoplay,
    onFinished: props.onFinished,
    ranged: !props.shared,
  });
  const tabs = props.shared ? TABS.filter((t) => t !== "comments") : TABS;
  const [tab, setTab] = useState<Tab>("timeline");
  const [comments, setComments] = useState(props.comments);
  const [tags, setTags] = useState(props.tags);
  const [copied, setCopied] = useState(false);
  const [inspectDoc, setInspectDoc] = useState<{ doc: Document | null; at: number } | null>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const [keysOpen, setKeysOpen] = useState(false);
  const durationMs = Math.max(0, endedAt - origin);

  // Rebuilt as chunks arrive (eventsVersion is throttled by the loader hook).
  // biome-ignore lint/correctness/useExhaustiveDependencies: events is a ref that grows; the version says when
  const timeline = useMemo(
    () => buildTimeline(events.current, props.signals, endedAt),
    [state.eventsVersion, props.signals, endedAt],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above
  const stylesheets = useMemo(() => uninlinedStylesheets(events.current), [state.progress.sawFullSnapshot]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above
  const storms = useMemo(() => mutationStorms(events.current), [state.eventsVersion]);

  const markers: ScrubberMarker[] = useMemo(
    () => [
      ...timeline.items
        // Requests that went fine are many and unremarkable: only failed ones mark the bar.
        .filter((i) => i.kind !== "click" && (i.kind !== "network" || i.severity))
        .map((i) => ({ at: i.at - origin, kind: i.kind, label: i.label, signal: i.signal })),
      ...comments.map((c) => ({ at: c.atMs, kind: "comment" as const, label: c.text.slice(0, 80) })),
    ],
    [timeline, comments, origin],
  );

  const seek = controls.seek;
  const toggleFullscreen = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void shell.current?.requestFullscreen?.();
  }, []);

  useEffect(() => {
    const onChange = () => {
      setFullscreen(document.fullscreenElement === shell.current);
      controls.resize();
    };
    document.addEventListener("fullscreenchange", onChange);
    window.addEventListener("resize", onChange);
    return () => {
      document.removeEventListener("fullscreenchange", onChange);
      window.removeEventListener("resize", onChange);
    };
  }, [controls]);

  // The replay never keeps the focus (rrweb can move it into its iframe): the player's keys work
  // whatever was clicked last.
  useEffect(() => {
    const reclaim = () =>
      setTimeout(() => {
        const active = document.activeElement;
        if (active instanceof HTMLIFrameElement && stage.current?.contains(active))
          stage.current.focus({ preventScroll: true });
      }, 0);
    window.addEventListener("blur", reclaim);
    document.addEventListener("focusin", reclaim);
    return () => {
      window.removeEventListener("blur", reclaim);
      document.removeEventListener("focusin", reclaim);
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (keysOpen) return;
      const i = SPEEDS.indexOf(state.speed as (typeof SPEEDS)[number]);
      if (e.key === " ") {
        e.preventDefault();
        controls.toggle();
      } else if (e.key === "ArrowLeft") {
        e.preventDefault();
        void seek(state.currentMs - (e.shiftKey ? 15_000 : 5_000));
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        void seek(Math.min(durationMs, state.currentMs + (e.shiftKey ? 15_000 : 5_000)));
      } else if (e.key === "Home") {
        e.preventDefault();
        void seek(0);
      } else if (e.key === "End") {
        e.preventDefault();
        void seek(durationMs);
      } else if (e.key === "?") {
        e.preventDefault();
        setKeysOpen(true);
      } else if (e.key === "[" && i > 0) controls.setSpeed(SPEEDS[i - 1]!);
      else if (e.key === "]" && i < SPEEDS.length - 1) controls.setSpeed(SPEEDS[i + 1]!);
      else if (e.key === "f") toggleFullscreen();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [controls, seek, state.speed, state.currentMs, durationMs, toggleFullscreen, keysOpen]);

  const openTab = (t: Tab) => {
    setTab(t);
    if (t === "inspect") {
      controls.pause();
      setInspectDoc({ doc: controls.document(), at: controls.now() });
    }
  };

  // A skip through idle time takes a blink; the notice stays long enough to be read.
  const [skipNotice, setSkipNotice] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the start of a skip matters
  useEffect(() => {
    if (!state.skipping) return;
    const idle = idleAt(timeline.idle, origin + controls.now());
    setSkipNotice(`Skipping ${idle ? `${span(idle[1] - idle[0])} ` : ""}idle`);
  }, [state.skipping]);
  useEffect(() => {
    if (!skipNotice || state.skipping) return;
    const t = setTimeout(() => setSkipNotice(null), 1500);
    return () => clearTimeout(t);
  }, [skipNotice, state.skipping]);
  const idleRanges = useMemo(
    () => timeline.idle.map(([a, b]) => [a - origin, b - origin] as [number, number]),
    [timeline.idle, origin],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above
  const viewports = useMemo(() => viewportChanges(events.current), [state.eventsVersion]);
  const recordedViewport = viewportAt(viewports, origin + state.currentMs) ?? state.recordedViewport;
  const viewportKey = recordedViewport ? `${recordedViewport.width}x${recordedViewport.height}` : "";
  viewportRef.current = recordedViewport;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the stage follows the viewport's shape
  useEffect(() => {
    if (state.status === "ready") controls.resize();
  }, [viewportKey, state.status]);
  const scale = recordedViewport && stage.current ? viewportScale(recordedViewport, size()) : 100;
  const problems = [
    ...props.health.problems,
    ...(state.progress.failed.length
      ? [
          `${state.progress.failed.length} of ${chunks.length} parts could not be loaded; the replay skips what they held. Reload to try again.`,
        ]
      : []),
    ...(storms.length ? [stormProblem(storms)!] : []),
    ...(stylesheets.length
      ? [
          `${stylesheets.length} ${stylesheets.length === 1 ? "stylesheet was" : "stylesheets were"} not captured (cross-origin) and ${stylesheets.length === 1 ? "is" : "are"} fetched from the site during replay; if the site is unreachable the page will look unstyled: ${stylesheets.slice(0, 3).join(", ")}`,
        ]
      : []),
  ];

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
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 space-y-2">
        {problems.length > 0 && (
          <ul
            className="space-y-1 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
            data-testid="replay-problem"
          >
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <div ref={shell} className="rounded-xl bg-zinc-100 p-2 dark:bg-zinc-900" data-fullscreen={fullscreen}>
          <div
            ref={stage}
            tabIndex={-1}
            className="relative w-full overflow-hidden rounded-lg bg-white outline-none dark:bg-zinc-950"
            data-status={state.status}
            data-first-frame-at={state.firstFrameAt ?? undefined}
            data-window-from={state.progress.from}
          >
            <div
              ref={target}
              data-testid="player"
              className="[&_.rr-player]:!shadow-none [&_.rr-player]:!float-none"
            />
            {state.status === "loading" && (
              <p className="p-6 text-sm text-zinc-500" data-testid="replay-loading">
                Loading the first part of the recording… {state.progress.fed} of {chunks.length} parts
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
                {Math.min(state.seeking.needed, state.progress.fed - state.progress.from)} of{" "}
                {state.seeking.needed} parts
              </div>
            )}
            {skipNotice && state.skipInactive && (
              <div
                className="absolute inset-x-0 bottom-0 bg-zinc-900/80 px-3 py-1 text-sm text-white"
                role="status"
                data-testid="skipping"
              >
                {skipNotice}
              </div>
            )}
          </div>
          <Scrubber
            durationMs={durationMs}
            currentMs={state.currentMs}
            bufferedMs={state.progress.bufferedUntil - origin}
            idle={idleRanges}
            markers={markers}
            onSeek={(ms) => void seek(ms)}
          />
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <button
              type="button"
              onClick={controls.toggle}
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
                onChange={(e) => controls.setSpeed(Number(e.target.value))}
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
                onChange={controls.toggleSkip}
                data-testid="skip-inactive"
              />
              Skip inactivity
            </label>
            <button
              type="button"
              onClick={toggleFullscreen}
              className="rounded-md border border-zinc-300 px-2 py-0.5 dark:border-zinc-700"
            >
              {fullscreen ? "Exit full screen" : "Full screen"}
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
                base={base}
                providers={props.issues.providers}
                linked={props.issues.linked}
                canCreate={props.issues.canCreate}
                currentMs={state.currentMs}
                comments={comments}
              />
            )}
            <Dialog
              open={keysOpen}
              onOpenChange={setKeysOpen}
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
        </div>
        <p className="text-xs text-zinc-500" data-testid="health">
          {props.health.line}
          {storms.length > 0 &&
            ` · ${storms.length} mutation ${storms.length === 1 ? "storm" : "storms"} re-snapshotted`}
          {state.progress.fed < chunks.length && ` · ${state.progress.fed} of ${chunks.length} loaded`}
          {scale < 100 &&
            ` · shown at ${scale}% of the recorded ${recordedViewport!.width}×${recordedViewport!.height} viewport`}
        </p>
      </div>

      <aside className="flex h-[36rem] min-w-0 flex-col rounded-xl border border-zinc-200 dark:border-zinc-800 xl:h-[calc(100vh-10rem)]">
        <div
          role="tablist"
          aria-label="Recording panels"
          className="flex flex-wrap gap-1 border-b border-zinc-200 p-2 dark:border-zinc-800"
        >
          {tabs.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              onClick={() => openTab(t)}
              className="rounded-md px-2 py-1 text-sm aria-selected:bg-zinc-900 aria-selected:text-white dark:aria-selected:bg-zinc-100 dark:aria-selected:text-zinc-900"
              data-tab={t}
            >
              {TAB_LABELS[t]}
              {t === "console" && timeline.console.length > 0 && ` ${timeline.console.length}`}
              {t === "network" && timeline.network.length > 0 && ` ${timeline.network.length}`}
              {t === "comments" && comments.length > 0 && ` ${comments.length}`}
            </button>
          ))}
        </div>
        <div role="tabpanel" className="min-h-0 flex-1 p-3" data-panel={tab}>
          {tab === "timeline" && (
            <TimelinePanel
              items={timeline.items}
              origin={origin}
              currentMs={state.currentMs}
              onSeek={(ms) => void seek(ms)}
            />
          )}
          {tab === "console" && (
            <ConsolePanel
              lines={timeline.console}
              origin={origin}
              currentMs={state.currentMs}
              onSeek={(ms) => void seek(ms)}
            />
          )}
          {tab === "network" && (
            <NetworkPanel
              entries={timeline.network}
              workspace={props.shared ? undefined : props.workspace}
              origin={origin}
              currentMs={state.currentMs}
              onSeek={(ms) => void seek(ms)}
            />
          )}
          {tab === "comments" && (
            <CommentsPanel
              base={base}
              comments={comments}
              onChange={setComments}
              currentMs={state.currentMs}
              onSeek={(ms) => void seek(ms)}
              viewer={props.viewer}
            />
          )}
          {tab === "session" && (
            <SessionPanel
              workspace={props.workspace}
              base={base}
              sessionId={props.sessionId}
              facts={props.facts}
              pages={timeline.pages}
              origin={origin}
              onSeek={(ms) => void seek(ms)}
              tags={props.shared ? [] : tags}
              onTags={setTags}
              canTag={props.viewer.canTag}
              canDelete={props.viewer.canDelete}
              backHref={props.backHref}
            />
          )}
          {tab === "inspect" && (
            <div className="flex h-full flex-col gap-2">
              <button
                type="button"
                onClick={() => {
                  controls.pause();
                  setInspectDoc({ doc: controls.document(), at: controls.now() });
                }}
                className="self-start rounded-md border border-zinc-300 px-2 py-0.5 text-sm dark:border-zinc-700"
              >
                Pause and inspect at {clock(state.currentMs)}
              </button>
              <div className="min-h-0 flex-1">
                <DomInspector
                  key={inspectDoc?.at}
                  doc={inspectDoc?.doc ?? null}
                  moment={clock(inspectDoc?.at ?? 0)}
                />
              </div>
            </div>
          )}
        </div>
      </aside>
    </div>
  );
}

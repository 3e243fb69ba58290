"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import "rrweb-player/dist/style.css";
import type { Comment } from "@/lib/data/comments";
import type { LinkedIssue } from "@/lib/data/linked-issues";
import { type Health, viewportScale } from "@/lib/replay/health";
import { buildTimeline, type SignalMarker } from "@/lib/replay/timeline";
import { viewportAt, viewportChanges } from "@/lib/replay/viewport";
import type { ChunkRef } from "./chunk-loader";
import { PlayerControls } from "./controls";
import { HealthBanner, HealthLine, useRecordingHealth } from "./health-line";
import { Scrubber, type ScrubberMarker } from "./scrubber";
import { SidePanels } from "./side-panels";
import { Stage, useSkipNotice } from "./stage";
import { stylesheetAssets } from "./stylesheet-assets";
import { useReplay } from "./use-replay";
import { useFocusOutsideReplay, usePlayerKeys } from "./use-shortcuts";

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

/**
 * The player page's client side, put together: the stage with rrweb-player (use-replay.ts owns the
 * replayer's life), the scrubber and controls (use-shortcuts.ts: the keys), the problems and
 * health line, and the side panels.
 */
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
  const assets = useMemo(() => stylesheetAssets(base), [base]);
  const { target, state, controls, events, origin } = useReplay({
    prepareEvents: assets.prepare,
    base,
    chunks,
    startAtMs: props.startAtMs,
    size,
    autoplay: props.autoplay,
    onFinished: props.onFinished,
    ranged: !props.shared,
  });
  const [comments, setComments] = useState(props.comments);
  const [tags, setTags] = useState(props.tags);
  const [fullscreen, setFullscreen] = useState(false);
  const [keysOpen, setKeysOpen] = useState(false);
  const durationMs = Math.max(0, endedAt - origin);

  // Rebuilt as chunks arrive (eventsVersion is throttled by the loader hook).
  // biome-ignore lint/correctness/useExhaustiveDependencies: events is a ref that grows; the version says when
  const timeline = useMemo(
    () => buildTimeline(events.current, props.signals, endedAt),
    [state.eventsVersion, props.signals, endedAt],
  );
  const health = useRecordingHealth({
    health: props.health,
    events: events.current,
    eventsVersion: state.eventsVersion,
    ready: state.status === "ready",
    failedChunks: state.progress.failed.length,
    chunkCount: chunks.length,
    stylesheetFate: assets.fate,
    replayDocument: controls.document,
  });

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
  const onSeek = useCallback((ms: number) => void seek(ms), [seek]);
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

  useFocusOutsideReplay(stage);
  const openKeys = useCallback(() => setKeysOpen(true), []);
  usePlayerKeys({
    toggle: controls.toggle,
    seek,
    setSpeed: controls.setSpeed,
    speed: state.speed,
    currentMs: state.currentMs,
    durationMs,
    toggleFullscreen,
    keysOpen,
    openKeys,
  });

  // A skip through idle time takes a blink; the notice stays long enough to be read.
  const skipNotice = useSkipNotice(state.skipping, timeline.idle, () => origin + controls.now());
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

  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <div className="min-w-0 space-y-2">
        <HealthBanner health={health} />
        <div ref={shell} className="rounded-xl bg-zinc-100 p-2 dark:bg-zinc-900" data-fullscreen={fullscreen}>
          <Stage
            stageRef={stage}
            targetRef={target}
            state={state}
            totalChunks={chunks.length}
            skipNotice={skipNotice}
          />
          <Scrubber
            durationMs={durationMs}
            currentMs={state.currentMs}
            bufferedMs={state.progress.bufferedUntil - origin}
            idle={idleRanges}
            markers={markers}
            onSeek={onSeek}
          />
          <PlayerControls
            state={state}
            durationMs={durationMs}
            onToggle={controls.toggle}
            onSpeed={controls.setSpeed}
            onToggleSkip={controls.toggleSkip}
            fullscreen={fullscreen}
            onFullscreen={toggleFullscreen}
            keysOpen={keysOpen}
            onKeysOpen={setKeysOpen}
            base={base}
            issues={props.issues}
            shared={props.shared}
            comments={comments}
          />
        </div>
        <HealthLine
          health={health}
          loaded={{ fed: state.progress.fed, of: chunks.length }}
          scale={recordedViewport ? { percent: scale, ...recordedViewport } : null}
        />
      </div>

      <SidePanels
        timeline={timeline}
        origin={origin}
        currentMs={state.currentMs}
        onSeek={onSeek}
        inspect={() => {
          controls.pause();
          return { doc: controls.document(), at: controls.now() };
        }}
        comments={comments}
        onComments={setComments}
        tags={tags}
        onTags={setTags}
        workspace={props.workspace}
        base={base}
        sessionId={props.sessionId}
        facts={props.facts}
        backHref={props.backHref}
        viewer={props.viewer}
        shared={props.shared}
      />
    </div>
  );
}

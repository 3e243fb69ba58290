"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { chunksFor, fastForwardSteps, keepsWindow, startPointOf } from "@/lib/replay/checkpoints";
import { MAX_RANGE_CHUNKS } from "@/lib/replay/chunk-range";
import type { ReplayEvent } from "@/lib/replay/timeline";
import { EventType } from "@/sdk/src/wire";
import { canvasFramesPlugin } from "./canvas-frames";
import { fetchEvents, rangeFetch } from "./chunk-fetch";
import { ChunkLoader, type ChunkRef, type LoaderProgress } from "./chunk-loader";
import { destroyPlayer } from "./replayer-lifecycle";
import { stateClassesPlugin } from "./state-classes";

/** The parts of rrweb-player 2.1.6 (a Svelte component) the page drives. */
export interface RrwebPlayer {
  goto(ms: number, play?: boolean): void;
  play(): void;
  pause(): void;
  toggle(): void;
  setSpeed(speed: number): void;
  toggleSkipInactive(): void;
  addEvent(event: ReplayEvent): void;
  addEventListener(event: string, handler: (payload: unknown) => void): void;
  triggerResize(): void;
  getReplayer(): {
    addEvent(event: ReplayEvent): void;
    iframe: HTMLIFrameElement;
    getCurrentTime(): number;
    getMetaData(): { startTime: number; endTime: number; totalTime: number };
    destroy(): void;
  };
  $set(props: Record<string, unknown>): void;
  $destroy(): void;
}

export type ReplayStatus = "loading" | "ready" | "unplayable" | "failed";

export interface ReplayState {
  status: ReplayStatus;
  /** Milliseconds from the first event. */
  currentMs: number;
  playing: boolean;
  speed: number;
  skipInactive: boolean;
  /** The player is fast-forwarding through an idle stretch. */
  skipping: boolean;
  progress: LoaderProgress;
  /** A seek waiting for its chunks: the target and how far loading has come. */
  seeking: { targetMs: number; needed: number } | null;
  /** Bumped whenever more events arrived, so derived views can rebuild. */
  eventsVersion: number;
  recordedViewport: { width: number; height: number } | null;
  /** When the first frame was drawn (epoch ms), for the page's own timing and the tests. */
  firstFrameAt: number | null;
}

const SPEEDS = [0.5, 1, 2, 4, 8] as const;
/** Events applied per step of a long fast-forward, between which the browser paints and answers input. */
const FAST_FORWARD_STEP = 5000;
/** Chunk requests in flight per window: a seek's few dozen chunks come in a few round trips. */
const WINDOW_CONCURRENCY = 6;
/** Range requests in flight per window: each carries up to 32 chunks, so a window is one of them. */
const RANGE_CONCURRENCY = 3;

export { SPEEDS };

/**
 * Loads a recording progressively and mounts rrweb-player once the first full snapshot is in,
 * feeding later chunks to it as they arrive. Everything about playback goes through here.
 */
export function useReplay(opts: {
  base: string;
  chunks: ChunkRef[];
  startAtMs: number;
  size: () => { width: number; height: number };
  /** Start playing as soon as the first frame is drawn (a playlist's next recording). */
  autoplay?: boolean;
  /** Played to the very end, with every chunk in. */
  onFinished?: () => void;
  /** Adapts each chunk's events before the replayer sees them (stylesheet assets: ./stylesheet-assets). */
  prepareEvents?: (events: ReplayEvent[], chunkId: string) => Promise<void>;
  /** Whether `base` answers range requests (`/chunks?from=&to=`); a share link's base does not. */
  ranged?: boolean;
}) {
  const { base, chunks, startAtMs } = opts;
  const finished = useRef(opts.onFinished);
  finished.current = opts.onFinished;
  const autoplay = Boolean(opts.autoplay);
  const ranged = opts.ranged ?? true;
  const queryClient = useQueryClient();
  const target = useRef<HTMLDivElement>(null);
  const player = useRef<RrwebPlayer | null>(null);
  const loader = useRef<ChunkLoader | null>(null);
  /** Every event loaded so far, chunk by chunk in time order (the side panels read it). */
  const events = useRef<ReplayEvent[]>([]);
  const sizeRef = useRef(opts.size);
  sizeRef.current = opts.size;
  const prepareRef = useRef(opts.prepareEvents);
  prepareRef.current = opts.prepareEvents;
  const origin = chunks[0]?.firstTs ?? 0;
  const [state, setState] = useState<ReplayState>({
    status: chunks.length ? "loading" : "unplayable",
    currentMs: Math.max(0, startAtMs),
    playing: false,
    speed: 1,
    skipInactive: true,
    skipping: false,
    progress: {
      from: 0,
      fed: 0,
      total: chunks.length,
      bufferedUntil: origin,
      failed: [],
      sawFullSnapshot: false,
    },
    seeking: null,
    eventsVersion: 0,
    recordedViewport: null,
    firstFrameAt: null,
  });
  const patch = useCallback((p: Partial<ReplayState>) => setState((s) => ({ ...s, ...p })), []);
  const seekRef = useRef<(ms: number, play?: boolean) => Promise<void>>(async () => {});
  /** Whether the viewer means it to play: a paused seek that reaches the loaded edge stays paused. */
  const wantsPlay = useRef(false);
  const speedRef = useRef({ speed: 1, skipInactive: true });
  speedRef.current = { speed: state.speed, skipInactive: state.skipInactive };

  useEffect(() => {
    let cancelled = false;
    let lastTick = 0;
    let versionTimer: ReturnType<typeof setTimeout> | undefined;
    /** Loaded chunks' events by chunk index, sorted: windows are built from them without refetching. */
    const byChunk = new Map<number, ReplayEvent[]>();
    let eventsStale = false;
    // At most a few rebuilds a second of what is derived from the events, however fast chunks come.
    const bumpVersion = () => {
      versionTimer ??= setTimeout(() => {
        versionTimer = undefined;
        if (cancelled) return;
        if (eventsStale) {
          eventsStale = false;
          events.current = [...byChunk.keys()].sort((a, b) => a - b).flatMap((i) => byChunk.get(i)!);
        }
        setState((s) => ({ ...s, eventsVersion: s.eventsVersion + 1 }));
      }, 300);
    };
    let lastKept = -1;
    const keep = (index: number, sorted: ReplayEvent[]) => {
      if (byChunk.has(index)) return;
      byChunk.set(index, sorted);
      // Appended in order when it comes after everything kept; otherwise rebuilt with the next version.
      if (index < lastKept || eventsStale) eventsStale = true;
      else for (const e of sorted) events.current.push(e);
      lastKept = Math.max(lastKept, index);
    };
    const fetchChunk = (chunk: ChunkRef) =>
      queryClient.fetchQuery({
        queryKey: ["chunk", base, chunk.id],
        queryFn: async () => {
          const events = await fetchEvents(base, chunk);
          await prepareRef.current?.(events, chunk.id);
          return events;
        },
        staleTime: Number.POSITIVE_INFINITY,
        retry: 2,
      });
    const indexOf = new Map(chunks.map((c, i) => [c.id, i]));
    /** A chunk already kept (a window opened again over it) or cached needs no request. */
    const known = (c: ChunkRef): ReplayEvent[] | undefined =>
      byChunk.get(indexOf.get(c.id)!) ?? queryClient.getQueryData<ReplayEvent[]>(["chunk", base, c.id]);
    const range = ranged
      ? rangeFetch(
          base,
          chunks,
          known,
          (c, events) => queryClient.setQueryData(["chunk", base, c.id], events),
          async (events, chunk) => prepareRef.current?.(events, chunk.id),
        )
      : undefined;

    /**
     * The replayer holds one window of the recording: the chunks from a checkpoint (or the first
     * chunk) on, fed in order by that window's loader. A seek before the window or far past what
     * it has loaded opens a new window at the checkpoint nearest before the target.
     */
    let l!: ChunkLoader;
    let backfill: ChunkLoader | undefined;
    let windowFrom = 0;
    /** The window the mounted replayer was built from: only its chunks are fed to it. */
    let mountedFor: ChunkLoader | undefined;
    let seekGeneration = 0;
    const openWindow = (from: number): ChunkLoader => {
      l?.stop();
      const next: ChunkLoader = new ChunkLoader(
        chunks,
        fetchChunk,
        (batch, progress, index) => {
          if (cancelled || next !== l) return;
          const sorted = [...batch].sort((a, b) => a.timestamp - b.timestamp);
          keep(index, sorted);
          const p = player.current;
          if (p && mountedFor === next && sorted.length) {
            // One meta refresh per chunk: rrweb-player's addEvent recomputes it each call.
            const replayer = p.getReplayer();
            for (const e of sorted.slice(0, -1)) replayer.addEvent(e);
            p.addEvent(sorted.at(-1)!);
          }
          patch({ progress });
          bumpVersion();
        },
        range ? RANGE_CONCURRENCY : WINDOW_CONCURRENCY,
        range,
      );
      l = next;
      loader.current = next;
      windowFrom = from;
      next.start(true, from);
      return next;
    };

    /**
     * The window before one opened at chunk `from` (a step back over its checkpoint), fetched in
     * one range request while the viewer watches, so that seek finds its chunks at hand.
     */
    const prefetchBefore = (from: number) => {
      if (!range || from <= 0) return;
      const previous = chunksFor(chunks, chunks[from]!.firstTs - 1).from;
      const wanted: number[] = [];
      for (let i = Math.max(previous, from - MAX_RANGE_CHUNKS); i < from; i++)
        if (!byChunk.has(i)) wanted.push(i);
      if (!wanted.length) return;
      const first = wanted[0]!;
      const group = chunks.slice(first, wanted.at(-1)! + 1);
      void range
        .fetch(group)
        .then((all) => {
          if (cancelled) return;
          for (const [k, events] of all.entries())
            if (events)
              keep(
                first + k,
                [...events].sort((a, b) => a.timestamp - b.timestamp),
              );
          bumpVersion();
        })
        .catch(() => {});
    };

    /** Builds rrweb-player over the current window's loaded chunks, replacing any earlier one. */
    const mount = async (): Promise<RrwebPlayer | null> => {
      const { default: RRWebPlayer } = await import("rrweb-player");
      if (cancelled || !target.current) return null;
      // A window after the start still plays on the recording's clock: one inert event at its origin.
      const windowEvents: ReplayEvent[] =
        windowFrom > 0
          ? [{ type: EventType.Custom, timestamp: origin, data: { tag: "$rewind:origin", payload: {} } }]
          : [];
      for (let i = windowFrom; i < l.progress.fed; i++)
        for (const e of byChunk.get(i) ?? []) windowEvents.push(e);
      destroyPlayer(player.current);
      player.current = null;
      const { width, height } = sizeRef.current();
      const instance = new RRWebPlayer({
        target: target.current,
        props: {
          events: windowEvents as never,
          width,
          height,
          autoPlay: false,
          skipInactive: speedRef.current.skipInactive,
          showController: false,
          speedOption: [...SPEEDS],
          speed: speedRef.current.speed,
          mouseTail: false,
          UNSAFE_replayCanvas: false,
          // The replay never takes the keyboard: a replayed focus would swallow the player's keys.
          triggerFocus: false,
          // Canvas frames are drawn as images from this page: the iframe never gets allow-scripts.
          plugins: [canvasFramesPlugin(), stateClassesPlugin()],
        },
      }) as unknown as RrwebPlayer;
      player.current = instance;
      mountedFor = l;
      instance.getReplayer().iframe.tabIndex = -1;
      instance.addEventListener("ui-update-current-time", (payload) => {
        const now = performance.now();
        if (now - lastTick < 100) return;
        lastTick = now;
        patch({ currentMs: (payload as { payload: number }).payload });
      });
      instance.addEventListener("ui-update-player-state", (payload) => {
        if (player.current !== instance) return;
        const playing = (payload as { payload: string }).payload === "playing";
        patch({ playing, ...(playing ? {} : { currentMs: instance.getReplayer().getCurrentTime() }) });
      });
      instance.addEventListener("skip-start", () => patch({ skipping: true }));
      instance.addEventListener("skip-end", () => patch({ skipping: false }));
      instance.addEventListener("finish", () => {
        if (player.current !== instance) return;
        // A paused seek to the last event loaded also ends here: only a playing replay goes on.
        if (!wantsPlay.current) return;
        // Played to the end of what has arrived: wait for more rather than stop, if more is coming.
        const at = instance.getReplayer().getCurrentTime();
        const window = l;
        if (window.progress.fed < chunks.length)
          void window
            .until(window.progress.fed)
            .then(() => !cancelled && player.current === instance && instance.goto(at, true));
        else {
          wantsPlay.current = false;
          finished.current?.();
        }
      });
      return instance;
    };

    /**
     * Moves the paused replayer to `ms`, in steps of a few thousand events with the browser free
     * between them when the stretch to apply is long (an old recording without checkpoints).
     */
    const fastForward = async (p: RrwebPlayer, ms: number, generation: number): Promise<boolean> => {
      const at = origin + ms;
      const windowStart = windowFrom === 0 ? origin : (startPointOf(chunks[windowFrom]!) ?? origin);
      const nearest = chunksFor(chunks, at).from;
      const rebuildFrom =
        nearest >= windowFrom ? (startPointOf(chunks[nearest]!) ?? windowStart) : windowStart;
      const now = origin + p.getReplayer().getCurrentTime();
      const from = now <= at && now > rebuildFrom ? now : rebuildFrom;
      const steps = fastForwardSteps(chunks, (i) => byChunk.get(i)?.length ?? 0, from, at, FAST_FORWARD_STEP);
      for (const step of steps) {
        p.goto(step - origin, false);
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (cancelled || generation !== seekGeneration || player.current !== p) return false;
      }
      return true;
    };

    async function seekTo(ms: number, play?: boolean) {
      if (!player.current) return;
      const generation = ++seekGeneration;
      const at = origin + ms;
      const { from, to } = chunksFor(chunks, at);
      if (!keepsWindow(chunks, { from: windowFrom, fedUntil: l.progress.fed }, at)) {
        player.current.pause();
        const window = openWindow(from);
        patch({ seeking: { targetMs: ms, needed: to - from + 1 }, currentMs: ms, progress: window.progress });
        await window.until(to);
        if (cancelled || generation !== seekGeneration) return;
        if (!(await mount()) || generation !== seekGeneration) return;
        patch({ seeking: null });
        window.loadRest();
        prefetchBefore(from);
      } else if (l.progress.fed <= to) {
        patch({ seeking: { targetMs: ms, needed: to - l.progress.from + 1 }, currentMs: ms });
        await l.until(to);
        if (cancelled || generation !== seekGeneration) return;
        patch({ seeking: null });
      }
      const p = player.current;
      if (!p) return;
      if (play !== undefined) wantsPlay.current = play;
      if (!(await fastForward(p, ms, generation))) return;
      // Paused, the frame shown includes every event at the moment itself ("jump to end" shows the
      // last one): rrweb applies only those strictly before the time it is sent to.
      p.goto(play ? ms : ms + 1, play);
      patch({ currentMs: ms });
    }
    seekRef.current = seekTo;

    (async () => {
      // A deep link starts at the checkpoint nearest before its moment; otherwise at the start.
      const first = startAtMs > 0 ? chunksFor(chunks, origin + startAtMs).from : 0;
      openWindow(first);
      // Until a full snapshot is in (or there is nothing more), keep loading in order.
      while (!cancelled && !l.progress.sawFullSnapshot && l.progress.fed < chunks.length) {
        await l.until(l.progress.fed);
      }
      if (cancelled || !target.current) return;
      const loaded = [...byChunk.values()].reduce((n, e) => n + e.length, 0);
      if (!l.progress.sawFullSnapshot || loaded < 2) {
        const { fed, from, failed } = l.progress;
        patch({ status: fed - from === failed.length ? "failed" : "unplayable" });
        return;
      }
      const instance = await mount();
      if (!instance) return;
      const metaEvent = byChunk.get(windowFrom)?.find((e) => e.type === EventType.Meta);
      const recordedViewport =
        metaEvent && typeof metaEvent.data.width === "number"
          ? { width: metaEvent.data.width as number, height: Number(metaEvent.data.height) || 0 }
          : null;
      wantsPlay.current = autoplay;
      if (startAtMs > 0) await seekTo(startAtMs, autoplay);
      else instance.goto(0, autoplay);
      patch({ status: "ready", recordedViewport, firstFrameAt: Date.now() });
      l.loadRest();
      prefetchBefore(windowFrom);
      // A deep link skipped the chunks before its checkpoint: once the rest is in, they load for
      // the side panels (pages, clicks, console), never for the replayer.
      const before = windowFrom;
      if (before > 0)
        void l.until(chunks.length - 1).then(() => {
          if (cancelled) return;
          backfill = new ChunkLoader(
            chunks.slice(0, before),
            fetchChunk,
            (batch, _progress, index) => {
              if (cancelled) return;
              keep(
                index,
                [...batch].sort((a, b) => a.timestamp - b.timestamp),
              );
              bumpVersion();
            },
            range ? RANGE_CONCURRENCY : undefined,
            range,
          );
          backfill.start();
        });
    })().catch(() => !cancelled && patch({ status: "failed" }));

    return () => {
      cancelled = true;
      if (versionTimer) clearTimeout(versionTimer);
      l.stop();
      backfill?.stop();
      destroyPlayer(player.current);
      player.current = null;
      events.current = [];
      byChunk.clear();
      loader.current = null;
      // Leaving the recording (another page, or the next one of a playlist): its events leave the
      // cache now rather than after the cache's idle time, so a play-through does not pile them up.
      queryClient.removeQueries({ queryKey: ["chunk", base] });
    };
    // The recording is fixed for the life of the page; startAt only matters on mount.
  }, [base, chunks, queryClient, patch, origin, startAtMs, autoplay, ranged]);

  const controls = {
    seek: (ms: number, play?: boolean) => seekRef.current(Math.max(0, ms), play),
    toggle: () => {
      const p = player.current;
      if (!p) return;
      wantsPlay.current = !state.playing;
      // Replaying from the very end restarts.
      if (!state.playing && state.currentMs >= state.progress.bufferedUntil - origin - 50)
        void seekRef.current(0, true);
      else p.toggle();
    },
    pause: () => {
      wantsPlay.current = false;
      player.current?.pause();
    },
    setSpeed: (speed: number) => {
      player.current?.setSpeed(speed);
      patch({ speed });
    },
    toggleSkip: () => {
      player.current?.toggleSkipInactive();
      patch({ skipInactive: !state.skipInactive, skipping: false });
    },
    resize: () => {
      const p = player.current;
      if (!p) return;
      p.$set(sizeRef.current());
      p.triggerResize();
    },
    document: (): Document | null => player.current?.getReplayer().iframe.contentDocument ?? null,
    now: () => player.current?.getReplayer().getCurrentTime() ?? state.currentMs,
  };

  return { target, state, controls, events, origin };
}

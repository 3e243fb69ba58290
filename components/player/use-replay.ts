"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ReplayEvent } from "@/lib/replay/timeline";
import { canvasFramesPlugin } from "./canvas-frames";
import { ChunkLoader, type ChunkRef, type LoaderProgress } from "./chunk-loader";

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

export { SPEEDS };

async function fetchEvents(base: string, chunk: ChunkRef): Promise<ReplayEvent[]> {
  const res = await fetch(`${base}/chunks/${chunk.id}`);
  if (!res.ok) throw new Error(`chunk ${chunk.id}: ${res.status}`);
  const batch = (await res.json()) as { events?: ReplayEvent[] };
  return Array.isArray(batch.events) ? batch.events : [];
}

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
}) {
  const { base, chunks, startAtMs } = opts;
  const finished = useRef(opts.onFinished);
  finished.current = opts.onFinished;
  const autoplay = Boolean(opts.autoplay);
  const queryClient = useQueryClient();
  const target = useRef<HTMLDivElement>(null);
  const player = useRef<RrwebPlayer | null>(null);
  const loader = useRef<ChunkLoader | null>(null);
  const events = useRef<ReplayEvent[]>([]);
  const sizeRef = useRef(opts.size);
  sizeRef.current = opts.size;
  const origin = chunks[0]?.firstTs ?? 0;
  const [state, setState] = useState<ReplayState>({
    status: chunks.length ? "loading" : "unplayable",
    currentMs: Math.max(0, startAtMs),
    playing: false,
    speed: 1,
    skipInactive: true,
    skipping: false,
    progress: { fed: 0, total: chunks.length, bufferedUntil: origin, failed: [], sawFullSnapshot: false },
    seeking: null,
    eventsVersion: 0,
    recordedViewport: null,
    firstFrameAt: null,
  });
  const patch = useCallback((p: Partial<ReplayState>) => setState((s) => ({ ...s, ...p })), []);
  const seekRef = useRef<(ms: number, play?: boolean) => Promise<void>>(async () => {});

  useEffect(() => {
    let cancelled = false;
    let lastTick = 0;
    let versionTimer: ReturnType<typeof setTimeout> | undefined;
    // At most a few rebuilds a second of what is derived from the events, however fast chunks come.
    const bumpVersion = () => {
      versionTimer ??= setTimeout(() => {
        versionTimer = undefined;
        if (!cancelled) setState((s) => ({ ...s, eventsVersion: s.eventsVersion + 1 }));
      }, 300);
    };
    const l = new ChunkLoader(
      chunks,
      (chunk) =>
        queryClient.fetchQuery({
          queryKey: ["chunk", base, chunk.id],
          queryFn: () => fetchEvents(base, chunk),
          staleTime: Number.POSITIVE_INFINITY,
          retry: 2,
        }),
      (batch, progress) => {
        if (cancelled) return;
        const sorted = [...batch].sort((a, b) => a.timestamp - b.timestamp);
        for (const e of sorted) events.current.push(e);
        const p = player.current;
        if (p && sorted.length) {
          // One meta refresh per chunk: rrweb-player's addEvent recomputes it each call.
          const replayer = p.getReplayer();
          for (const e of sorted.slice(0, -1)) replayer.addEvent(e);
          p.addEvent(sorted.at(-1)!);
        }
        patch({ progress });
        bumpVersion();
      },
    );
    loader.current = l;
    l.start(true);

    (async () => {
      // Until a full snapshot is in (or there is nothing more), keep loading in order.
      while (!cancelled && !l.progress.sawFullSnapshot && l.progress.fed < chunks.length) {
        await l.until(l.progress.fed);
      }
      if (cancelled || !target.current) return;
      const all = events.current;
      if (!l.progress.sawFullSnapshot || all.length < 2) {
        patch({ status: l.progress.fed === l.progress.failed.length ? "failed" : "unplayable" });
        return;
      }
      const { default: RRWebPlayer } = await import("rrweb-player");
      if (cancelled || !target.current) return;
      const metaEvent = all.find((e) => e.type === 4);
      const recordedViewport =
        metaEvent && typeof metaEvent.data.width === "number"
          ? { width: metaEvent.data.width as number, height: Number(metaEvent.data.height) || 0 }
          : null;
      const { width, height } = sizeRef.current();
      const instance = new RRWebPlayer({
        target: target.current,
        props: {
          events: [...all] as never,
          width,
          height,
          autoPlay: false,
          skipInactive: true,
          showController: false,
          speedOption: [...SPEEDS],
          speed: 1,
          mouseTail: false,
          UNSAFE_replayCanvas: false,
          // Canvas frames are drawn as images from this page: the iframe never gets allow-scripts.
          plugins: [canvasFramesPlugin()],
        },
      }) as unknown as RrwebPlayer;
      player.current = instance;
      instance.addEventListener("ui-update-current-time", (payload) => {
        const now = performance.now();
        if (now - lastTick < 100) return;
        lastTick = now;
        patch({ currentMs: (payload as { payload: number }).payload });
      });
      instance.addEventListener("ui-update-player-state", (payload) => {
        const playing = (payload as { payload: string }).payload === "playing";
        patch({ playing, ...(playing ? {} : { currentMs: instance.getReplayer().getCurrentTime() }) });
      });
      instance.addEventListener("skip-start", () => patch({ skipping: true }));
      instance.addEventListener("skip-end", () => patch({ skipping: false }));
      instance.addEventListener("finish", () => {
        // Played to the end of what has arrived: wait for more rather than stop, if more is coming.
        const at = instance.getReplayer().getCurrentTime();
        if (l.progress.fed < chunks.length)
          void l.until(l.progress.fed).then(() => !cancelled && instance.goto(at, true));
        else finished.current?.();
      });
      if (startAtMs > 0) await seekTo(startAtMs, autoplay);
      else instance.goto(0, autoplay);
      patch({ status: "ready", recordedViewport, firstFrameAt: Date.now() });
      l.loadRest();
    })().catch(() => !cancelled && patch({ status: "failed" }));

    async function seekTo(ms: number, play?: boolean) {
      const p = player.current;
      if (!p) return;
      const index = l.chunkAt(origin + ms);
      if (l.progress.fed <= index) {
        patch({ seeking: { targetMs: ms, needed: index + 1 }, currentMs: ms });
        await l.until(index);
        if (cancelled) return;
        patch({ seeking: null });
      }
      p.goto(ms, play);
      patch({ currentMs: ms });
    }
    seekRef.current = seekTo;

    return () => {
      cancelled = true;
      if (versionTimer) clearTimeout(versionTimer);
      l.stop();
      player.current?.$destroy();
      player.current = null;
      events.current = [];
      loader.current = null;
    };
    // The recording is fixed for the life of the page; startAt only matters on mount.
  }, [base, chunks, queryClient, patch, origin, startAtMs, autoplay]);

  const controls = {
    seek: (ms: number, play?: boolean) => seekRef.current(Math.max(0, ms), play),
    toggle: () => {
      const p = player.current;
      if (!p) return;
      // Replaying from the very end restarts.
      if (!state.playing && state.currentMs >= state.progress.bufferedUntil - origin - 50) p.goto(0, true);
      else p.toggle();
    },
    pause: () => player.current?.pause(),
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

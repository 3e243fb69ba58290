"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { createCache, createMirror, rebuildIntoSandboxedIframe } from "rrweb-snapshot";
import type { HeatSnapshot } from "@/lib/data/heatmaps";
import type { Heatmap } from "@/lib/heatmaps/query";

type SerializedNode = Parameters<typeof rebuildIntoSandboxedIframe>[0];

/** Tallest frame drawn: the grid's depth (rows × row height). */
const MAX_FRAME_PX = 24_000;

interface RawEvent {
  type: number;
  timestamp: number;
  data: { node?: SerializedNode };
}

/** The full snapshot the backdrop is: the one taken at `at` in the chunk (else its first). */
async function loadSnapshot(workspace: string, s: HeatSnapshot): Promise<SerializedNode> {
  const res = await fetch(`/api/v1/workspaces/${workspace}/recordings/${s.sessionId}/chunks/${s.chunkId}`);
  if (!res.ok) throw new Error(`The recording holding this backdrop could not be loaded (${res.status}).`);
  const batch = (await res.json()) as { events?: RawEvent[] };
  const fulls = (batch.events ?? []).filter((e) => e.type === 2 && e.data.node);
  const full = fulls.find((e) => e.timestamp === s.at) ?? fulls[0];
  if (!full?.data.node) throw new Error("The recording holding this backdrop has no full snapshot any more.");
  return full.data.node;
}

/**
 * The page rebuilt from a recorded full snapshot in an iframe sandboxed without scripts (rrweb's
 * own sandboxed rebuild: `allow-same-origin` only, so the page's scripts never run), at the width
 * it was recorded at, with the heat drawn on a canvas over it; scaled down to fit.
 */
export function HeatFrame({
  workspace,
  snapshot,
  heatmap,
}: {
  workspace: string;
  snapshot: HeatSnapshot;
  heatmap: Heatmap;
}) {
  const host = useRef<HTMLDivElement>(null);
  const outer = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height, setHeight] = useState(snapshot.height);
  const [scale, setScale] = useState(1);
  const node = useQuery({
    queryKey: ["heat-backdrop", workspace, snapshot.sessionId, snapshot.chunkId, snapshot.at],
    queryFn: () => loadSnapshot(workspace, snapshot),
    staleTime: Number.POSITIVE_INFINITY,
  });

  useEffect(() => {
    const fitWidth = () =>
      setScale(Math.min(1, (outer.current?.clientWidth ?? snapshot.width) / snapshot.width));
    fitWidth();
    window.addEventListener("resize", fitWidth);
    return () => window.removeEventListener("resize", fitWidth);
  }, [snapshot.width]);

  useEffect(() => {
    const root = host.current;
    if (!root || !node.data) return;
    root.replaceChildren();
    const { iframe } = rebuildIntoSandboxedIframe(node.data, {
      root,
      iframeAttributes: {
        title: "Recorded page",
        width: String(snapshot.width),
        height: String(snapshot.height),
        style: "border:0;display:block;pointer-events:none;background:white",
        "data-testid": "heat-backdrop-frame",
      },
      cache: createCache(),
      mirror: createMirror(),
    });
    // The page's own height, once its styles apply: the heat is drawn down to there.
    const measure = () => {
      const doc = iframe.contentDocument;
      const full = Math.max(doc?.documentElement?.scrollHeight ?? 0, doc?.body?.scrollHeight ?? 0);
      const h = Math.min(MAX_FRAME_PX, Math.max(snapshot.height, full));
      iframe.setAttribute("height", String(h));
      setHeight(h);
    };
    measure();
    const later = window.setTimeout(measure, 300);
    return () => {
      window.clearTimeout(later);
      root.replaceChildren();
    };
  }, [node.data, snapshot.width, snapshot.height]);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx) return;
    c.width = snapshot.width;
    c.height = height;
    ctx.clearRect(0, 0, c.width, c.height);
    if (heatmap.layer === "scroll") drawDepth(ctx, heatmap, snapshot.width, height);
    else drawCells(ctx, heatmap, snapshot.width);
  }, [heatmap, snapshot.width, height]);

  return (
    <div ref={outer} className="overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800">
      {node.isPending && <p className="p-4 text-sm text-zinc-500">Rebuilding the page…</p>}
      {node.isError && <p className="p-4 text-sm text-red-600">{(node.error as Error).message}</p>}
      <div style={{ height: height * scale }}>
        <div
          className="relative origin-top-left"
          style={{ width: snapshot.width, height, transform: `scale(${scale})` }}
          data-testid="heat-frame"
        >
          <div ref={host} />
          <canvas
            ref={canvas}
            className="pointer-events-none absolute inset-0"
            style={{ width: snapshot.width, height }}
            data-testid="heat-canvas"
          />
        </div>
      </div>
    </div>
  );
}

/** Each cell as a soft spot, hotter (yellow → red) and more opaque the more it holds. */
function drawCells(ctx: CanvasRenderingContext2D, h: Heatmap, width: number): void {
  const max = h.cells.reduce((m, c) => Math.max(m, c[2]), 0);
  if (!max) return;
  const cellW = width / h.grid.cols;
  const radius = Math.max(cellW, h.grid.rowPx) * 1.2;
  for (const [col, row, count] of h.cells) {
    const x = (col + 0.5) * cellW;
    const y = (row + 0.5) * h.grid.rowPx;
    const t = Math.sqrt(count / max);
    const g = ctx.createRadialGradient(x, y, 0, x, y, radius);
    const hue = Math.round(60 - 60 * t);
    g.addColorStop(0, `hsla(${hue}, 100%, 50%, ${0.35 + 0.5 * t})`);
    g.addColorStop(1, `hsla(${hue}, 100%, 50%, 0)`);
    ctx.fillStyle = g;
    ctx.fillRect(x - radius, y - radius, radius * 2, radius * 2);
  }
}

/** Bands shaded by the share of sessions that scrolled that far, each labelled. */
function drawDepth(ctx: CanvasRenderingContext2D, h: Heatmap, width: number, height: number): void {
  const reached = new Map(h.depth.map((d) => [d.band, d.share]));
  for (let band = 0; band * h.grid.bandPx < height; band++) {
    const share = reached.get(band) ?? 0;
    const y = band * h.grid.bandPx;
    ctx.fillStyle = `hsla(${Math.round(120 * share)}, 80%, 45%, 0.35)`;
    ctx.fillRect(0, y, width, h.grid.bandPx);
    ctx.fillStyle = "rgba(0,0,0,0.75)";
    ctx.font = "bold 14px system-ui, sans-serif";
    ctx.fillText(`${Math.round(share * 100)}% reached`, 8, y + 20);
  }
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { createCache, createMirror, rebuildIntoSandboxedIframe } from "rrweb-snapshot";
import type { HeatSnapshot } from "@/lib/data/heatmaps";
import type { Heatmap } from "@/lib/heatmaps/query";
import { EventType } from "@/sdk/src/wire";

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
  const fulls = (batch.events ?? []).filter((e) => e.type === EventType.FullSnapshot && e.data.node);
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
  // The rebuilt document and a count of its layouts: the elements layer draws on its elements' boxes.
  const [frame, setFrame] = useState<{ doc: Document | null; layout: number }>({ doc: null, layout: 0 });
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
      setFrame((f) => ({ doc: doc ?? null, layout: f.layout + 1 }));
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
    else if (heatmap.layer === "elements") drawOnElements(ctx, heatmap, snapshot.width, frame.doc);
    else drawCells(ctx, heatmap, snapshot.width);
  }, [heatmap, snapshot.width, height, frame]);

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

/** A soft spot, hotter (yellow → red) and more opaque the larger `t` (0–1); `weight` fades it. */
function spot(ctx: CanvasRenderingContext2D, x: number, y: number, radius: number, t: number, weight = 1) {
  const g = ctx.createRadialGradient(x, y, 0, x, y, radius);
  const hue = Math.round(60 - 60 * t);
  g.addColorStop(0, `hsla(${hue}, 100%, 50%, ${(0.35 + 0.5 * t) * weight})`);
  g.addColorStop(1, `hsla(${hue}, 100%, 50%, 0)`);
  ctx.fillStyle = g;
  ctx.fillRect(x - radius, y - radius, radius * 2, radius * 2);
}

/** Each cell of the page-coordinate grid as a spot, scaled to the most-clicked cell. */
function drawCells(ctx: CanvasRenderingContext2D, h: Heatmap, width: number, weight = 1): void {
  const max = h.cells.reduce((m, c) => Math.max(m, c[2]), 0);
  if (!max) return;
  const cellW = width / h.grid.cols;
  const radius = Math.max(cellW, h.grid.rowPx) * 1.2;
  for (const [col, row, count] of h.cells) {
    spot(ctx, (col + 0.5) * cellW, (row + 0.5) * h.grid.rowPx, radius, Math.sqrt(count / max), weight);
  }
}

/**
 * Clicks drawn where they landed inside their elements: each element is found in the rebuilt frame
 * by its selector and its offsets placed on its box there, so they land right at any width. Clicks
 * without an offset (recordings from before the SDK measured them) keep their page coordinates,
 * faded to the share of clicks they are.
 */
function drawOnElements(
  ctx: CanvasRenderingContext2D,
  h: Heatmap,
  width: number,
  doc: Document | null,
): void {
  const clicks = h.elements.reduce((n, e) => n + e.clicks, 0);
  const placed = h.elements.reduce((n, e) => n + (e.placed ?? 0), 0);
  const unplaced = clicks ? 1 - placed / clicks : 1;
  if (unplaced > 0) drawCells(ctx, h, width, unplaced);
  if (!doc) return;
  const max = h.elements.reduce((m, e) => Math.max(m, ...(e.offsets ?? []).map((o) => o[2])), 0);
  if (!max) return;
  const n = h.grid.offsets;
  const scrollX = doc.scrollingElement?.scrollLeft ?? 0;
  const scrollY = doc.scrollingElement?.scrollTop ?? 0;
  for (const e of h.elements) {
    if (!e.offsets?.length) continue;
    let el: Element | null = null;
    try {
      el = doc.querySelector(e.selector);
    } catch {}
    const box = el?.getBoundingClientRect();
    if (!box?.width || !box.height) continue;
    const cellW = box.width / n;
    const cellH = box.height / n;
    const radius = Math.max(6, Math.min(24, Math.max(cellW, cellH)));
    for (const [col, row, count] of e.offsets) {
      const x = box.left + scrollX + (col + 0.5) * cellW;
      const y = box.top + scrollY + (row + 0.5) * cellH;
      spot(ctx, x, y, radius, Math.sqrt(count / max));
    }
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

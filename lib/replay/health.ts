import { pushTo } from "@/lib/push-to";

/**
 * Why a recording might not replay correctly, said plainly: no full snapshot, batches missing from
 * the sequence, stylesheets the recorder could not inline, a viewport the player had to shrink.
 */

export interface ChunkSeq {
  firstTs: number;
  seq: number | null;
  window: string | null;
}

export interface SequenceGap {
  window: string;
  /** The last sequence number received before the gap, and how many numbers are missing. */
  afterSeq: number;
  missing: number;
  at: number;
}

/**
 * Each page load of a tab numbers its batches from 0; a split batch repeats its number. So in one
 * tab's batches in time order, a number may repeat, go up by one, or start again lower (a reload):
 * anything else is a batch that never arrived.
 */
export function sequenceGaps(chunks: ChunkSeq[]): SequenceGap[] {
  const byWindow = new Map<string, ChunkSeq[]>();
  for (const c of chunks) {
    if (c.seq === null) continue;
    const w = c.window ?? "";
    pushTo(byWindow, w, c);
  }
  const gaps: SequenceGap[] = [];
  for (const [window, list] of byWindow) {
    list.sort((a, b) => a.firstTs - b.firstTs || a.seq! - b.seq!);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!.seq!;
      const seq = list[i]!.seq!;
      if (seq > prev + 1)
        gaps.push({ window, afterSeq: prev, missing: seq - prev - 1, at: list[i]!.firstTs });
    }
  }
  return gaps.sort((a, b) => a.at - b.at);
}

export interface HealthInput {
  /** `canvas` / `canvasFrames`: <canvas> elements and canvas frames ingest counted in the chunk. */
  chunks: (ChunkSeq & { full: boolean | null; canvas?: number; canvasFrames?: number })[];
  hasFullSnapshot: boolean;
}

export interface Health {
  ok: boolean;
  gaps: SequenceGap[];
  /** The one-line summary shown on every recording. */
  line: string;
  problems: string[];
}

export const NO_SNAPSHOT_EXPLANATION =
  "No full snapshot of the page was received, so there is nothing to draw. Likely causes: recording started after the page had loaded (a late or buffered start), a Content-Security-Policy blocked the recorder script, or the first batches were lost on the way.";

/** Canvases replay blank when the page had some and no frame of any was recorded. */
export function unrecordedCanvases(chunks: HealthInput["chunks"]): number {
  const frames = chunks.reduce((n, c) => n + (c.canvasFrames ?? 0), 0);
  return frames ? 0 : Math.max(0, ...chunks.map((c) => c.canvas ?? 0));
}

export function recordingHealth({ chunks, hasFullSnapshot }: HealthInput): Health {
  const gaps = sequenceGaps(chunks);
  const problems: string[] = [];
  if (!hasFullSnapshot) problems.push(NO_SNAPSHOT_EXPLANATION);
  const canvases = unrecordedCanvases(chunks);
  const canvasNote = `this page had ${canvases} canvas ${canvases === 1 ? "element" : "elements"}; canvas is not recorded`;
  if (canvases)
    problems.push(
      `The page had ${canvases} <canvas> ${canvases === 1 ? "element" : "elements"} (charts, maps, games, signatures); canvas is not recorded, so ${canvases === 1 ? "it replays" : "they replay"} blank. An admin can turn on canvas frames in Settings → Recording.`,
    );
  const missing = gaps.reduce((n, g) => n + g.missing, 0);
  if (gaps.length)
    problems.push(
      `${missing} ${missing === 1 ? "batch" : "batches"} of events never arrived (${gaps.length} ${gaps.length === 1 ? "gap" : "gaps"} in the sequence numbers), so some changes on the page are missing and the replay may drift from what the person saw.`,
    );
  const status = hasFullSnapshot ? (gaps.length ? "incomplete" : "complete") : "no full snapshot";
  const parts = [
    status === "complete" && canvases ? canvasNote : status,
    `${chunks.length} ${chunks.length === 1 ? "chunk" : "chunks"}`,
    gaps.length ? `${gaps.length} ${gaps.length === 1 ? "gap" : "gaps"}` : "no gaps",
    ...(canvases && status !== "complete" ? [canvasNote] : []),
  ];
  return { ok: problems.length === 0, gaps, line: parts.join(" · "), problems };
}

interface Node {
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: Node[];
}

/** Stylesheet links the recorder could not inline (cross-origin): the replay fetches them live. */
export function uninlinedStylesheets(events: { type: number; data: Record<string, unknown> }[]): string[] {
  const hrefs = new Set<string>();
  const visit = (n: Node | undefined) => {
    const stack = n ? [n] : [];
    while (stack.length) {
      const c = stack.pop()!;
      const a = c.attributes ?? {};
      if (c.tagName === "link" && String(a.rel ?? "").toLowerCase() === "stylesheet" && !("_cssText" in a))
        hrefs.add(String(a.href ?? ""));
      if (c.childNodes) stack.push(...c.childNodes);
    }
  };
  for (const e of events) {
    if (e.type === 2) visit(e.data.node as Node);
    if (e.type === 3 && e.data.source === 0 && Array.isArray(e.data.adds))
      for (const add of e.data.adds as { node?: Node }[]) visit(add.node);
  }
  return [...hrefs].filter(Boolean);
}

/** How much the player shrank the recorded viewport to fit, as a percentage (100 = not at all). */
export function viewportScale(
  recorded: { width: number; height: number },
  box: { width: number; height: number },
) {
  if (recorded.width <= 0 || recorded.height <= 0) return 100;
  return Math.round(Math.min(1, box.width / recorded.width, box.height / recorded.height) * 100);
}

export interface MutationStorm {
  at: number;
  nodes: number;
}

/**
 * Bursts the recorder did not record change by change (the SDK's `$mutation-storm` marker): it
 * paused and took a fresh full snapshot once the page settled, so the replay jumps over the burst.
 */
export function mutationStorms(events: { type: number; timestamp: number; data: Record<string, unknown> }[]) {
  const storms: MutationStorm[] = [];
  for (const e of events) {
    if (e.type !== 5 || e.data.tag !== "$mutation-storm") continue;
    const nodes = Number((e.data.payload as { nodes?: unknown } | undefined)?.nodes);
    storms.push({ at: e.timestamp, nodes: Number.isFinite(nodes) ? nodes : 0 });
  }
  return storms;
}

/** The player's sentence about mutation storms, or null when there were none. */
export function stormProblem(storms: MutationStorm[]): string | null {
  if (!storms.length) return null;
  const nodes = storms.reduce((n, s) => n + s.nodes, 0).toLocaleString("en");
  return `The page changed ${nodes} elements in ${storms.length === 1 ? "a burst" : `${storms.length} bursts`}; the recorder paused and took a fresh snapshot once the page settled, so the replay jumps over ${storms.length === 1 ? "that burst" : "those bursts"} instead of showing each change.`;
}

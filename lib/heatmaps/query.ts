import {
  dailyHeat,
  type HeatMoment,
  type HeatPart,
  type HeatSnapshot,
  type HeatTotals,
  heatSnapshots,
  sessionsHeat,
} from "@/lib/data/heatmaps";
import { HEAT_GRID, OFFSET_GRID, WIDTH_BUCKETS, type WidthBucket } from "@/lib/ingest/heat";
import { querySessions } from "@/lib/search/engine";
import { and, type Filter } from "@/lib/search/filter";

/**
 * "elements": clicks drawn on their target elements at their offsets inside them (clicks without an
 * offset, as older recordings have, come with the page-coordinate clicks grid).
 */
export const HEAT_VIEW_LAYERS = ["clicks", "elements", "rage", "dead", "moves", "scroll"] as const;
export type HeatViewLayer = (typeof HEAT_VIEW_LAYERS)[number];

const LAYER_PART: Record<Exclude<HeatViewLayer, "scroll">, Exclude<HeatPart, "x">> = {
  clicks: "c",
  elements: "c",
  rage: "r",
  dead: "d",
  moves: "m",
};

export const HEAT_QUERY_LIMITS = {
  /** Days one heatmap may span (one read per day of the daily aggregates). */
  days: 92,
  /** Sessions a filtered heatmap reads (the newest matching ones); the answer says when it stopped there. */
  filteredSessions: 2_000,
  /** Elements listed, most clicked first. */
  elements: 100,
  /** Click moments listed per element, newest first (each a link into a recording at that second). */
  momentsPerElement: 5,
  /** Backdrops offered, newest first. */
  snapshots: 48,
} as const;

const DAY_MS = 86_400_000;

export interface HeatmapRequest {
  path: string;
  from: number;
  to: number;
  width: WidthBucket;
  layer: HeatViewLayer;
  /** The list's search, already parsed (null: every session, from the daily aggregates). */
  filter: Filter | null;
}

export interface Heatmap {
  path: string;
  width: WidthBucket;
  layer: HeatViewLayer;
  from: number;
  to: number;
  /** Sessions that were on the page (in the bucket, range and filter). */
  sessions: number;
  /** Filtered heatmaps read at most HEAT_QUERY_LIMITS.filteredSessions sessions: whether there were more. */
  truncated: boolean;
  /** `offsets`: cells across and down an element's box that its click offsets are counted in. */
  grid: { cols: number; rowPx: number; bandPx: number; offsets: number };
  /** [column, row, count] of the layer's grid (none for the scroll layer). */
  cells: [number, number, number][];
  /** Share of sessions that scrolled to each band (band i covers i×bandPx to (i+1)×bandPx). */
  depth: { band: number; sessions: number; share: number }[];
  elements: {
    selector: string;
    clicks: number;
    sessions: number;
    share: number;
    rage: number;
    dead: number;
    /** Recent clicks on it, newest first, in distinct recordings. */
    moments: HeatMoment[];
    /**
     * The "elements" layer only: [column, row, clicks] of the offset grid over the element's box
     * (grid.offsets × grid.offsets), for the clicks the SDK measured there; `placed` is their sum
     * (the rest of `clicks` has page coordinates only).
     */
    offsets?: [number, number, number][];
    placed?: number;
  }[];
  /** Newest first; on the "elements" layer followed by other widths' backdrops (offsets fit any width). */
  snapshots: HeatSnapshot[];
}

/** One page's heatmap: the daily aggregates, or with a filter the matching sessions' own heat. */
export async function heatmapOf(ws: string, r: HeatmapRequest): Promise<Heatmap> {
  const fromDay = Math.floor(r.from / DAY_MS);
  const toDay = Math.floor((r.to - 1) / DAY_MS);
  const part = r.layer === "scroll" ? null : LAYER_PART[r.layer];
  let totals: HeatTotals;
  let truncated = false;
  if (r.filter) {
    const { ids, more } = await matchingSessions(ws, r);
    truncated = more;
    const [heat, snapshots] = await Promise.all([
      sessionsHeat(ws, ids, r.path, r.width, part),
      heatSnapshots(ws, r.path, r.width, fromDay, toDay),
    ]);
    totals = { ...heat, snapshots };
  } else {
    totals = await dailyHeat(ws, r.path, r.width, fromDay, toDay, part, r.layer === "elements");
  }
  if (r.layer === "elements") {
    // Offsets are relative to their elements: they can be drawn on a backdrop of any width.
    const others = await Promise.all(
      WIDTH_BUCKETS.filter((b) => b !== r.width).map((b) => heatSnapshots(ws, r.path, b, fromDay, toDay)),
    );
    return present(r, totals, part, truncated, others.flat());
  }
  return present(r, totals, part, truncated);
}

/** The newest sessions on the page that match the filter within the range, up to the cap. */
async function matchingSessions(ws: string, r: HeatmapRequest): Promise<{ ids: string[]; more: boolean }> {
  const f = r.filter!;
  const filter: Filter = {
    expr: and([...(f.expr ? [f.expr] : []), { kind: "page", mode: "equals", value: r.path }]),
    after: Math.max(f.after ?? r.from, r.from),
    before: Math.min(f.before ?? r.to, r.to),
  };
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await querySessions(ws, filter, { sort: "recent", cursor, limit: 200 });
    ids.push(...page.sessions.map((s) => s.id));
    cursor = page.nextCursor;
  } while (cursor && ids.length < HEAT_QUERY_LIMITS.filteredSessions);
  return { ids: ids.slice(0, HEAT_QUERY_LIMITS.filteredSessions), more: !!cursor };
}

/** The newest moments in the range, one per recording, up to the cap. */
function newestMoments(moments: HeatMoment[], r: HeatmapRequest): HeatMoment[] {
  const seen = new Set<string>();
  const out: HeatMoment[] = [];
  for (const m of [...moments].sort((a, b) => b.at - a.at)) {
    if (m.at < r.from || m.at >= r.to || seen.has(m.sessionId)) continue;
    seen.add(m.sessionId);
    out.push(m);
    if (out.length === HEAT_QUERY_LIMITS.momentsPerElement) break;
  }
  return out;
}

function offsetsOf(grid: Float64Array | undefined): { offsets: [number, number, number][]; placed: number } {
  const offsets: [number, number, number][] = [];
  let placed = 0;
  grid?.forEach((n, cell) => {
    if (!n) return;
    offsets.push([cell % OFFSET_GRID, Math.floor(cell / OFFSET_GRID), n]);
    placed += n;
  });
  return { offsets, placed };
}

function present(
  r: HeatmapRequest,
  t: HeatTotals,
  part: Exclude<HeatPart, "x"> | null,
  truncated: boolean,
  otherWidths: HeatSnapshot[] = [],
): Heatmap {
  const share = (n: number) => (t.sessions ? Math.min(1, n / t.sessions) : 0);
  const cells: [number, number, number][] = [];
  if (part) {
    for (const [cell, count] of t.cells[part]) {
      const [col, row] = cell.split(":").map(Number);
      if (Number.isInteger(col) && Number.isInteger(row) && count > 0) cells.push([col!, row!, count]);
    }
  }
  // A band's sessions are those that reached it or deeper (a session past band 5 saw band 3).
  const bands = [...t.depth.keys()].filter((b) => Number.isInteger(b) && b >= 0).sort((a, b) => a - b);
  const depth = bands.map((band) => ({
    band,
    sessions: t.depth.get(band)!,
    share: share(t.depth.get(band)!),
  }));
  const elements = [...t.elements]
    .map(([selector, e]) => ({
      selector,
      ...e,
      share: share(e.sessions),
      moments: newestMoments(t.moments.get(selector) ?? [], r),
      ...(r.layer === "elements" ? offsetsOf(t.offsets.get(selector)) : {}),
    }))
    .filter((e) => e.clicks > 0 || e.rage > 0 || e.dead > 0)
    .sort(
      (a, b) =>
        b.clicks - a.clicks || b.rage + b.dead - (a.rage + a.dead) || a.selector.localeCompare(b.selector),
    )
    .slice(0, HEAT_QUERY_LIMITS.elements);
  const newest = (list: HeatSnapshot[]) =>
    list
      .filter((s) => s.at >= r.from && s.at < r.to)
      .sort((a, b) => b.at - a.at)
      .slice(0, HEAT_QUERY_LIMITS.snapshots);
  // The width's own backdrops first (the default is the newest of those), then other widths' (a
  // quarter of the list at most, so a busy width does not crowd them out).
  const others = newest(otherWidths).slice(0, HEAT_QUERY_LIMITS.snapshots / 4);
  const snapshots = [...newest(t.snapshots).slice(0, HEAT_QUERY_LIMITS.snapshots - others.length), ...others];
  return {
    path: r.path,
    width: r.width,
    layer: r.layer,
    from: r.from,
    to: r.to,
    sessions: t.sessions,
    truncated,
    grid: { cols: HEAT_GRID.cols, rowPx: HEAT_GRID.rowPx, bandPx: HEAT_GRID.bandPx, offsets: OFFSET_GRID },
    cells,
    depth,
    elements,
    snapshots,
  };
}

import {
  type BatchHeat,
  type GroupHeat,
  HEAT_GRID,
  HEAT_LIMITS,
  type HeatLayer,
  OFFSET_GRID,
  type WidthBucket,
} from "@/lib/ingest/heat";
import { kv } from "@/lib/storage/kv";
import type { KvBatch } from "@/lib/storage/kv/client";
import { parseBatchHeat, parseHeatSnapshot, parsePacked } from "./heat-records";
import { parseCount, skipCorrupt } from "./record";

/**
 * Heatmaps (docs/ARCHITECTURE.md §4f): what ingest aggregates per page path, width bucket and UTC
 * day, and per session and page (for filtered heatmaps). Every key carries the workspace hash tag,
 * as the session's keys do, so a batch's heat is written in the MULTI that marks the batch done:
 * counted exactly once however often the SDK retries.
 */

export const HEAT_PARTS = ["c", "r", "d", "m", "x"] as const;
/** A daily key's part: one grid layer (clicks, rage, dead, moves), or "x" (sessions, elements, depth, snapshots). */
export type HeatPart = (typeof HEAT_PARTS)[number];

const DAY_MS = 86_400_000;
/** A session's target-node map outlives any batch gap the SDK makes; it only serves later batches. */
const NODE_MAP_TTL_MS = 2 * DAY_MS;

export const heatKeys = {
  /** Grid layer ("col:row" → count) or "x" part of one page, bucket and day. */
  day: (ws: string, bucket: WidthBucket, day: number, path: string, part: HeatPart) =>
    `{w:${ws}}:hm:${bucket}:${day}:${part}:${path}`,
  /**
   * A grid layer's daily hash as one JSON string with the write count it reflects: reading one
   * string is far cheaper than a hash of thousands of fields, and most days stopped changing.
   */
  packed: (ws: string, bucket: WidthBucket, day: number, path: string, part: HeatPart) =>
    `{w:${ws}}:hm:${bucket}:${day}:${part}:packed:${path}`,
  /**
   * Where inside their target elements one page's clicks landed on a day: "<cell>:<selector>" →
   * clicks (cell of lib/ingest/heat.ts OFFSET_GRID over the element's box). Read by the
   * "elements" view only.
   */
  offsets: (ws: string, bucket: WidthBucket, day: number, path: string) =>
    `{w:${ws}}:hm:${bucket}:${day}:o:${path}`,
  /** One session's heat on one page and bucket: the daily fields, with first-time markers. */
  session: (ws: string, sid: string, bucket: WidthBucket, path: string) =>
    `{w:${ws}}:s:${sid}:hm:${bucket}:${path}`,
  /** The session's heat keys, so deleting the session deletes them. */
  sessionKeys: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:hmkeys`,
  /**
   * The daily fields naming the session, taken out when it is deleted: backdrops ("<key> <field>")
   * and click moments ("<key>\n<field>").
   */
  sessionBackdrops: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:hmsnaps`,
  /** rrweb node id → target selector of the session's current page load (lib/ingest/heat.ts). */
  nodes: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:hmnodes`,
  /** Page paths with heat → when last seen: the page picker. */
  paths: (ws: string) => `{w:${ws}}:hm:paths`,
};

export interface HeatContext {
  ws: string;
  sid: string;
  chunkId: string;
  retentionDays: number;
}

/** What ingest writes for a batch's heat, once the targets of its clicks on earlier DOM are known. */
export interface HeatWrites {
  /** Queues the writes on the batch's MULTI; the returned step adds what its replies show was new. */
  queue(m: KvBatch): (replies: unknown[]) => Promise<void>;
  /** The batch's first rage-clicked element named through the session's maps (BatchHeat.rageNode). */
  rageLabel?: string;
}

/** The label field of a target selector in the session's node map (beside node id → selector). */
const labelField = (selector: string) => `l:${selector}`;

/**
 * Resolves the batch's clicks on nodes of an earlier batch's DOM through the session's node map (one
 * read, only when there are any), and prepares the writes.
 */
export async function prepareHeatWrites(c: HeatContext, heat: BatchHeat): Promise<HeatWrites> {
  const pendingNodes = [...new Set(heat.groups.flatMap((g) => Object.keys(g.pending)))];
  const targets = new Map<string, string>();
  if (pendingNodes.length) {
    const found = await (await kv()).hmget(heatKeys.nodes(c.ws, c.sid), pendingNodes);
    pendingNodes.forEach((node, i) => {
      if (found[i]) targets.set(node, found[i]!);
    });
  }
  const groups = heat.groups.map((g) => withResolvedTargets(g, targets));
  const rageLabel = heat.rageNode === undefined ? undefined : await storedLabel(c, heat.rageNode, targets);
  return { queue: (m) => queueHeat(m, c, heat, groups), ...(rageLabel ? { rageLabel } : {}) };
}

/**
 * What the recording called the element a node of an earlier batch's DOM belongs to, if kept. The
 * node's target is usually among those the batch's clicks already resolved (`known`); a click
 * carried from an earlier batch is looked up.
 */
async function storedLabel(
  c: HeatContext,
  node: number,
  known: Map<string, string>,
): Promise<string | undefined> {
  const store = await kv();
  const key = heatKeys.nodes(c.ws, c.sid);
  const target = known.get(String(node)) ?? (await store.hget(key, String(node)));
  return (target && (await store.hget(key, labelField(target)))) || undefined;
}

function withResolvedTargets(g: GroupHeat, targets: Map<string, string>): GroupHeat {
  const elements = { ...g.elements };
  const moments: Record<string, number> = {};
  for (const [name, at] of Object.entries(g.moments ?? {})) {
    if (g.pending[name]) {
      const target = targets.get(name);
      if (target) moments[target] = Math.max(moments[target] ?? 0, at);
    } else moments[name] = Math.max(moments[name] ?? 0, at);
  }
  for (const [node, counts] of Object.entries(g.pending)) {
    const target = targets.get(node);
    if (!target) continue;
    elements[target] ??= { c: 0, r: 0, d: 0 };
    for (const layer of ["c", "r", "d"] as const) elements[target][layer] += counts[layer];
  }
  const offsets: Record<string, Record<string, number>> = {};
  for (const [name, cells] of Object.entries(g.offsets ?? {})) {
    const target = g.pending[name] ? targets.get(name) : name;
    if (!target) continue;
    offsets[target] ??= {};
    const into = offsets[target];
    for (const [cell, n] of Object.entries(cells)) into[cell] = (into[cell] ?? 0) + n;
  }
  return { ...g, elements, pending: {}, moments, offsets };
}

/**
 * Click moments kept per element and day: the newest click in each slot of MOMENT_SLOT_HOURS hours
 * (one field each, overwritten: bounded however busy the page is, and spread over the day).
 */
const MOMENT_SLOT_HOURS = 4;
/** `k:<slot>:<selector>` → "<sessionId> <epoch ms>". */
const momentField = (at: number, selector: string) =>
  `k:${Math.floor(new Date(at).getUTCHours() / MOMENT_SLOT_HOURS)}:${selector}`;

const ELEMENT_FIELDS: Record<HeatLayer, string> = { c: "e:", r: "er:", d: "ed:" };

function queueHeat(
  m: KvBatch,
  c: HeatContext,
  heat: BatchHeat,
  groups: GroupHeat[],
): (replies: unknown[]) => Promise<void> {
  const { ws, sid } = c;
  if (heat.resetNodes) {
    m.del(heatKeys.nodes(ws, sid));
    if (Object.keys(heat.nodes).length) {
      m.hset(heatKeys.nodes(ws, sid), heat.nodes);
      const labels = Object.entries(heat.labels ?? {}).filter(([, label]) => label);
      if (labels.length)
        m.hset(
          heatKeys.nodes(ws, sid),
          Object.fromEntries(labels.map(([target, label]) => [labelField(target), label])),
        );
      m.pexpire(heatKeys.nodes(ws, sid), NODE_MAP_TTL_MS);
    }
  }
  // Replies to watch: a session counter whose new value shows it was the session's first.
  const firsts: { at: number; equals: number; key: string; field: string }[] = [];
  const keep = c.retentionDays * DAY_MS;
  for (const g of groups) {
    const day = (part: HeatPart) => heatKeys.day(ws, g.bucket, g.day, g.path, part);
    const mine = heatKeys.session(ws, sid, g.bucket, g.path);
    const dayTtl = (g.day + 1) * DAY_MS + keep - Date.now();
    const touched = new Set<HeatPart>(["x"]);
    for (const [field, by] of Object.entries(g.cells)) {
      const part = field.slice(0, 1) as HeatPart;
      touched.add(part);
      m.hincrby(day(part), field.slice(2), by);
    }
    for (const part of touched) if (part !== "x") m.hincrby(day("x"), `w:${part}`, 1);
    for (const [selector, counts] of Object.entries(g.elements)) {
      for (const layer of ["c", "r", "d"] as const) {
        if (counts[layer]) m.hincrby(day("x"), `${ELEMENT_FIELDS[layer]}${selector}`, counts[layer]);
      }
      if (!counts.c) continue;
      // The session's clicks on the element so far: equal to this batch's, it is the first batch to click it.
      firsts.push({ at: m.length, equals: counts.c, key: day("x"), field: `es:${selector}` });
      m.hincrby(mine, `e:${selector}`, counts.c);
    }
    const offsets = Object.entries(g.offsets ?? {});
    for (const [selector, cells] of offsets) {
      for (const [cell, n] of Object.entries(cells))
        m.hincrby(heatKeys.offsets(ws, g.bucket, g.day, g.path), `${cell}:${selector}`, n);
    }
    if (offsets.length) m.pexpire(heatKeys.offsets(ws, g.bucket, g.day, g.path), Math.max(DAY_MS, dayTtl));
    const moments = Object.entries(g.moments ?? {});
    if (moments.length) {
      const fields = moments.map(([sel, at]) => momentField(at, sel));
      m.hset(day("x"), Object.fromEntries(fields.map((f, i) => [f, `${sid} ${moments[i]![1]}`])));
      // Deleting the session takes out the moments still naming it, as its backdrops.
      m.sadd(
        heatKeys.sessionBackdrops(ws, sid),
        // A newline, not a space, between key and field: selectors have spaces.
        fields.map((f) => `${day("x")}\n${f}`),
      );
      m.pexpire(heatKeys.sessionBackdrops(ws, sid), keep);
    }
    // The session's own heat, one field per batch: what a filtered heatmap sums.
    if (g.batchNo <= HEAT_LIMITS.sessionBatchesPerPage) {
      m.hset(mine, {
        [`j:${c.chunkId}`]: JSON.stringify({
          cells: g.cells,
          elements: g.elements,
          moments: g.moments,
          offsets: offsets.length ? g.offsets : undefined,
        }),
      });
    }
    firsts.push({ at: m.length, equals: 1, key: day("x"), field: "n" });
    m.hincrby(mine, "n", 1);
    for (let band = Math.max(0, g.bandBefore + 1); band <= g.band; band++) {
      firsts.push({ at: m.length, equals: 1, key: day("x"), field: `s:${band}` });
      m.hincrby(mine, `s:${band}`, 1);
    }
    for (const s of g.snapshots) {
      // One backdrop per hour of the day and width (to 10 px): the picker's choice, bounded however busy the page is.
      const slot = `${new Date(s.at).getUTCHours()}:${Math.round(s.width / 10) * 10}`;
      m.hset(day("x"), {
        [`b:${slot}`]: JSON.stringify({ sessionId: sid, chunkId: c.chunkId, ...s }),
      });
      m.sadd(heatKeys.sessionBackdrops(ws, sid), `${day("x")} b:${slot}`);
      m.pexpire(heatKeys.sessionBackdrops(ws, sid), keep);
    }
    for (const part of touched) m.pexpire(day(part), Math.max(DAY_MS, dayTtl));
    m.pexpire(mine, keep);
    m.sadd(heatKeys.sessionKeys(ws, sid), mine);
    m.pexpire(heatKeys.sessionKeys(ws, sid), keep);
    m.zadd(heatKeys.paths(ws), { score: g.day * DAY_MS, member: g.path }, { gt: true });
  }
  return async (replies) => {
    for (const g of groups) schedulePack(ws, g.bucket, g.day, g.path);
    // HINCRBY answers the counter's new value as a number.
    const firstTime = firsts.filter((f) => replies[f.at] === f.equals);
    if (!firstTime.length) return;
    // A second round trip, after the batch is done: a crash between the two undercounts the
    // sessions of this batch's new pages and elements, never counts one twice.
    const p = (await kv()).pipeline();
    for (const f of firstTime) p.hincrby(f.key, f.field, 1);
    await p.exec();
  };
}

/**
 * What deleting a session removes of its heat, read before the delete's MULTI: its own keys, and the
 * daily backdrops that still name it (a later session may have taken the slot). Its anonymous counts
 * in the daily totals stay.
 */
export async function sessionHeatCleanup(ws: string, sid: string): Promise<(m: KvBatch) => void> {
  const store = await kv();
  const [keys, backdrops] = await store
    .pipeline()
    .smembers(heatKeys.sessionKeys(ws, sid))
    .smembers(heatKeys.sessionBackdrops(ws, sid))
    .exec<[string[], string[]]>();
  const slots = backdrops.flatMap((b) => {
    const newline = b.indexOf("\n");
    const at = newline >= 0 ? newline : b.lastIndexOf(" ");
    return at > 0 ? [{ key: b.slice(0, at), field: b.slice(at + 1) }] : [];
  });
  let naming: typeof slots = [];
  if (slots.length) {
    const p = store.pipeline();
    for (const { key, field } of slots) p.hget(key, field);
    const values = await p.exec<(string | null)[]>();
    naming = slots.filter(
      (_, i) => values[i]?.includes(`"sessionId":${JSON.stringify(sid)}`) || values[i]?.startsWith(`${sid} `),
    );
  }
  return (m) => {
    m.del([
      ...keys,
      heatKeys.sessionKeys(ws, sid),
      heatKeys.sessionBackdrops(ws, sid),
      heatKeys.nodes(ws, sid),
    ]);
    for (const { key, field } of naming) m.hdel(key, field);
  };
}

/** Summed heat of one page and width bucket: grid layers, elements, sessions, depth, backdrops. */
export interface HeatTotals {
  sessions: number;
  /** Layer → "col:row" → count. */
  cells: Record<Exclude<HeatPart, "x">, Map<string, number>>;
  elements: Map<string, { clicks: number; sessions: number; rage: number; dead: number }>;
  /** Selector → clicks on it in recordings (any order; the query keeps the newest). */
  moments: Map<string, HeatMoment[]>;
  /** Band → sessions that reached it. */
  depth: Map<number, number>;
  snapshots: HeatSnapshot[];
  /**
   * Selector → clicks per cell of the OFFSET_GRID × OFFSET_GRID grid over the element's box (only
   * clicks with an offset from the SDK; read for the "elements" view).
   */
  offsets: Map<string, Float64Array>;
}

/** A click on an element at a moment of a recording. */
export interface HeatMoment {
  sessionId: string;
  at: number;
}

export interface HeatSnapshot {
  sessionId: string;
  chunkId: string;
  at: number;
  width: number;
  height: number;
}

const emptyTotals = (): HeatTotals => ({
  sessions: 0,
  cells: { c: new Map(), r: new Map(), d: new Map(), m: new Map() },
  moments: new Map(),
  elements: new Map(),
  depth: new Map(),
  snapshots: [],
  offsets: new Map(),
});

const OFFSET_CELLS = OFFSET_GRID * OFFSET_GRID;

function addOffset(t: HeatTotals, selector: string, cell: number, by: number): void {
  if (!Number.isInteger(cell) || cell < 0 || cell >= OFFSET_CELLS || !(by > 0)) return;
  let grid = t.offsets.get(selector);
  if (!grid) {
    grid = new Float64Array(OFFSET_CELLS);
    t.offsets.set(selector, grid);
  }
  grid[cell]! += by;
}

/** Reads a daily offsets hash ("<cell>:<selector>" → clicks). */
function addDailyOffsets(t: HeatTotals, fields: Record<string, string>): void {
  for (const [field, raw] of Object.entries(fields)) {
    const at = field.indexOf(":");
    if (at > 0) addOffset(t, field.slice(at + 1), Number(field.slice(0, at)), Number(raw) || 0);
  }
}

const add = (into: Map<string, number>, key: string, by: number) => into.set(key, (into.get(key) ?? 0) + by);

function elementOf(t: HeatTotals, selector: string) {
  let e = t.elements.get(selector);
  if (!e) {
    e = { clicks: 0, sessions: 0, rage: 0, dead: 0 };
    t.elements.set(selector, e);
  }
  return e;
}

/** Reads a daily "x" hash: sessions, elements, depth and backdrops. */
function addDailyMeta(t: HeatTotals, fields: Record<string, string>): void {
  for (const [field, raw] of Object.entries(fields)) {
    const v = Number(raw) || 0;
    if (field === "n") t.sessions += v;
    else if (field.startsWith("e:")) elementOf(t, field.slice(2)).clicks += v;
    else if (field.startsWith("es:")) elementOf(t, field.slice(3)).sessions += v;
    else if (field.startsWith("er:")) elementOf(t, field.slice(3)).rage += v;
    else if (field.startsWith("ed:")) elementOf(t, field.slice(3)).dead += v;
    else if (field.startsWith("s:")) {
      const band = Number(field.slice(2));
      t.depth.set(band, (t.depth.get(band) ?? 0) + v);
    } else if (field.startsWith("b:")) {
      const snapshot = parseHeatSnapshot(field, raw);
      if (snapshot) t.snapshots.push(snapshot);
    } else if (field.startsWith("k:")) {
      const selector = field.slice(field.indexOf(":", 2) + 1);
      const space = raw.indexOf(" ");
      const at = Number(raw.slice(space + 1));
      if (space > 0 && Number.isFinite(at)) addMoment(t, selector, { sessionId: raw.slice(0, space), at });
    }
  }
}

function addMoment(t: HeatTotals, selector: string, moment: HeatMoment): void {
  const list = t.moments.get(selector);
  if (list) list.push(moment);
  else t.moments.set(selector, [moment]);
}

const GRID_CELLS = HEAT_GRID.cols * HEAT_GRID.rows;
/** "col:row" → index in a cols × rows grid (-1 when outside it). */
function cellIndex(cell: string): number {
  // Digits read by char code: a cold read parses every field of every day's grid (~180 k).
  const at = cell.indexOf(":");
  if (at <= 0 || at === cell.length - 1) return -1;
  let col = 0;
  let row = 0;
  for (let i = 0; i < at; i++) {
    const d = cell.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    col = col * 10 + d;
  }
  for (let i = at + 1; i < cell.length; i++) {
    const d = cell.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    row = row * 10 + d;
  }
  if (col >= HEAT_GRID.cols || row >= HEAT_GRID.rows) return -1;
  return row * HEAT_GRID.cols + col;
}

/**
 * Days from `fromDay` to `toDay` (both included) of the daily aggregates, and the layer's grid: one
 * round trip, and a second for the days whose packed grid is missing or behind their writes.
 */
export async function dailyHeat(
  ws: string,
  path: string,
  bucket: WidthBucket,
  fromDay: number,
  toDay: number,
  layer: Exclude<HeatPart, "x"> | null,
  withOffsets = false,
): Promise<HeatTotals> {
  const store = await kv();
  const p = store.pipeline();
  const days: number[] = [];
  for (let day = fromDay; day <= toDay; day++) days.push(day);
  for (const day of days) {
    p.hgetall(heatKeys.day(ws, bucket, day, path, "x"));
    if (layer) p.get(heatKeys.packed(ws, bucket, day, path, layer));
    if (withOffsets) p.hgetall(heatKeys.offsets(ws, bucket, day, path));
  }
  const replies = await p.exec<(Record<string, string> | string | null)[]>();
  const t = emptyTotals();
  const step = 1 + (layer ? 1 : 0) + (withOffsets ? 1 : 0);
  const stale: { day: number; w: number }[] = [];
  // The layer's grid summed over the days: typed-array adds, not string-keyed map updates.
  const grid = new Float64Array(layer ? GRID_CELLS : 0);
  days.forEach((day, i) => {
    const meta = replies[i * step] as Record<string, string>;
    addDailyMeta(t, meta);
    if (withOffsets) addDailyOffsets(t, replies[i * step + step - 1] as Record<string, string>);
    if (!layer) return;
    const [w = 0] = skipCorrupt(() => parseCount(`heat writes of ${path}`, meta[`w:${layer}`]), "heatmaps");
    if (!w) return;
    const packed = parsePacked(replies[i * step + 1] as string | null);
    if (packed && packed.w === w && Array.isArray(packed.cells)) {
      const cells = packed.cells;
      for (let k = 0; k + 1 < cells.length; k += 2) {
        const at = cells[k]!;
        if (at >= 0 && at < GRID_CELLS) grid[at]! += cells[k + 1]! || 0;
      }
    } else stale.push({ day, w });
  });
  // The read does not wait for the packs it writes: they only spare the next read this one's work.
  if (layer && stale.length) await packDays(ws, bucket, path, layer, stale, grid, false);
  if (layer) {
    for (let at = 0; at < GRID_CELLS; at++) {
      if (grid[at])
        t.cells[layer].set(`${at % HEAT_GRID.cols}:${Math.floor(at / HEAT_GRID.cols)}`, grid[at]!);
    }
  }
  return t;
}

/** How long a packed grid is kept: rebuilt from the hash when it lapses or falls behind. */
const PACKED_TTL_MS = 30 * DAY_MS;

/**
 * Packs a layer's days (their `w` read before their grids, so a pack never claims writes it lacks)
 * and adds their cells to `grid` when one is given.
 */
async function packDays(
  ws: string,
  bucket: WidthBucket,
  path: string,
  layer: Exclude<HeatPart, "x">,
  days: { day: number; w: number }[],
  grid?: Float64Array,
  waitForWrite = true,
): Promise<void> {
  const store = await kv();
  const read = store.pipeline();
  for (const { day } of days) read.hgetall(heatKeys.day(ws, bucket, day, path, layer));
  const grids = await read.exec<Record<string, string>[]>();
  const write = store.pipeline();
  days.forEach(({ day, w }, i) => {
    const cells: number[] = [];
    for (const [cell, v] of Object.entries(grids[i]!)) {
      const at = cellIndex(cell);
      const count = Number(v) || 0;
      if (at < 0 || !count) continue;
      cells.push(at, count);
      if (grid) grid[at]! += count;
    }
    // Kept as long as the day's aggregates can be (a write to the day makes it stale, not wrong).
    write.set(heatKeys.packed(ws, bucket, day, path, layer), JSON.stringify({ w, cells }), {
      px: PACKED_TTL_MS,
    });
  });
  const written = write.exec();
  if (waitForWrite) await written;
  // A pack is a cache of the hashes: one that failed to be written is rebuilt by the next read.
  else written.catch(() => {});
}

/**
 * Background packing: a day written by ingest is packed again PACK_DELAY_MS later, so the first
 * heatmap read finds its days packed (one string each) instead of reading every cell of every day
 * (the cold read was 2–4 s on the embedded store at 10 k sessions). A burst of batches to one day
 * packs once per delay; in-process and best effort (where timers do not outlive the request, as on
 * Vercel, the first read packs, as before).
 */
export const HEAT_PACKING = {
  delayMs: 30_000,
  /** Days waiting in this process; past this the read packs them. */
  pendingMax: 1_000,
};

const GRID_PARTS = ["c", "r", "d", "m"] as const;
const pendingPacks = new Map<string, { ws: string; bucket: WidthBucket; day: number; path: string }>();
let packTimer: ReturnType<typeof setTimeout> | null = null;

export function schedulePack(ws: string, bucket: WidthBucket, day: number, path: string): void {
  const id = `${ws}\n${bucket}\n${day}\n${path}`;
  if (pendingPacks.has(id) || pendingPacks.size >= HEAT_PACKING.pendingMax) return;
  pendingPacks.set(id, { ws, bucket, day, path });
  if (packTimer) return;
  packTimer = setTimeout(() => {
    packTimer = null;
    void packPending().catch(() => {
      // A pack is a cache of the hashes: a failed one is rebuilt by the next read.
    });
  }, HEAT_PACKING.delayMs);
  packTimer.unref?.();
}

/** Packs the days ingest wrote since the last round (also what tests and the bench call to settle). */
export async function packPending(): Promise<number> {
  const jobs = [...pendingPacks.values()];
  pendingPacks.clear();
  for (const j of jobs) {
    const w = await (await kv()).hmget(
      heatKeys.day(j.ws, j.bucket, j.day, j.path, "x"),
      GRID_PARTS.map((part) => `w:${part}`),
    );
    for (const [i, part] of GRID_PARTS.entries()) {
      const writes = parseCount(`heat writes of ${j.path}`, w[i]);
      if (writes) await packDays(j.ws, j.bucket, j.path, part, [{ day: j.day, w: writes }]);
    }
  }
  return jobs.length;
}

/** The given sessions' heat on one page and bucket (a filtered heatmap). */
export async function sessionsHeat(
  ws: string,
  sids: string[],
  path: string,
  bucket: WidthBucket,
  /** The one grid layer to sum (the others are skipped: a session's moves outnumber its clicks); all when omitted. */
  layer?: Exclude<HeatPart, "x"> | null,
): Promise<HeatTotals> {
  const t = emptyTotals();
  if (sids.length === 0) return t;
  const p = (await kv()).pipeline();
  for (const sid of sids) p.hgetall(heatKeys.session(ws, sid, bucket, path));
  const replies = await p.exec<Record<string, string>[]>();
  replies.forEach((fields, i) => {
    for (const [field, raw] of Object.entries(fields)) {
      if (field === "n") t.sessions++;
      else if (field.startsWith("e:")) {
        if (Number(raw) > 0) elementOf(t, field.slice(2)).sessions++;
      } else if (field.startsWith("s:")) {
        const band = Number(field.slice(2));
        t.depth.set(band, (t.depth.get(band) ?? 0) + 1);
      } else if (field.startsWith("j:")) addBatchHeat(t, raw, sids[i]!, layer);
    }
  });
  return t;
}

/** One batch's own heat of a session (cells and elements), as ingest stored it. */
function addBatchHeat(
  t: HeatTotals,
  raw: string,
  sessionId: string,
  only?: Exclude<HeatPart, "x"> | null,
): void {
  const heat = parseBatchHeat(sessionId, raw);
  if (!heat) return;
  for (const [field, v] of Object.entries(heat.cells)) {
    const layer = field.charAt(0);
    if (only !== undefined && layer !== only) continue;
    if (layer === "c" || layer === "r" || layer === "d" || layer === "m")
      add(t.cells[layer], field.slice(2), Number(v) || 0);
  }
  for (const [selector, counts] of Object.entries(heat.elements)) {
    const e = elementOf(t, selector);
    e.clicks += counts.c || 0;
    e.rage += counts.r || 0;
    e.dead += counts.d || 0;
  }
  for (const [selector, at] of Object.entries(heat.moments)) addMoment(t, selector, { sessionId, at });
  for (const [selector, cells] of Object.entries(heat.offsets)) {
    for (const [cell, n] of Object.entries(cells)) addOffset(t, selector, Number(cell), n);
  }
}

/** The backdrops recorded of a page and bucket on these days, newest first. */
export async function heatSnapshots(
  ws: string,
  path: string,
  bucket: WidthBucket,
  fromDay: number,
  toDay: number,
): Promise<HeatSnapshot[]> {
  const t = await dailyHeat(ws, path, bucket, fromDay, toDay, null);
  return t.snapshots;
}

/** Page paths that have heat, most recently seen first. */
export async function heatPaths(ws: string, limit: number): Promise<{ path: string; lastDay: number }[]> {
  const rows = await (await kv()).zrangeWithScores(heatKeys.paths(ws), {
    by: "score",
    min: "-inf",
    max: "+inf",
    rev: true,
    offset: 0,
    count: limit,
  });
  return rows.map((r) => ({ path: r.member, lastDay: Math.floor(r.score / DAY_MS) }));
}

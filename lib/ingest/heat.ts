import { pathOf } from "@/lib/url-path";
import { CLICK_PLUGIN, CLICK_TARGET } from "@/sdk/src/wire";
import { EventType, IncrementalSource, MouseInteractions, NodeType, type RrwebEvent } from "./schema";
import type { Signal } from "./summarize";

/**
 * What one batch adds to the heatmaps (docs/ARCHITECTURE.md §4f): per page path, viewport width
 * bucket and UTC day, clicks (with rage and dead clicks as layers) and mouse moves on a coarse grid
 * of page coordinates, clicks per target element (a selector derived from the recorded DOM), how
 * deep the visitor scrolled, and when a full snapshot of the page was taken (a backdrop).
 * Pure and bounded: every list below has a cap, and what is past a cap is left out, never refused
 * (the batch itself is valid; heat is derived from it).
 */

export const WIDTH_BUCKETS = ["mobile", "tablet", "desktop"] as const;
export type WidthBucket = (typeof WIDTH_BUCKETS)[number];

/** mobile < 768 ≤ tablet < 1024 ≤ desktop (CSS pixels of the viewport). */
export function widthBucket(width: number): WidthBucket {
  return width < 768 ? "mobile" : width < 1024 ? "tablet" : "desktop";
}

export const HEAT_GRID = {
  /** Columns across the viewport: x is stored relative to the width, so one bucket's widths line up. */
  cols: 48,
  /** Height of a row in page pixels. */
  rowPx: 24,
  /** Rows kept (24 000 px of page); deeper points are left out. */
  rows: 1000,
  /** Scroll depth is counted in bands of this many page pixels… */
  bandPx: 250,
  /** …up to this many bands (20 000 px). */
  bands: 80,
} as const;

export const HEAT_LIMITS = {
  /** (page, width bucket, day) groups one batch adds to: a batch spans seconds, so a few. */
  groupsPerBatch: 20,
  /** Grid cells one group of one batch adds to. */
  cellsPerGroup: 2_000,
  /** Distinct target elements one group of one batch adds to. */
  elementsPerGroup: 100,
  /** Mouse positions read from one batch (rrweb samples them already; these are sampled again). */
  movePositions: 5_000,
  /** Nodes whose selector one batch hands on for clicks in later batches. */
  nodesPerBatch: 2_000,
  /** Characters of a selector. */
  selectorChars: 200,
  /** Recent clicks handed to the next batch, so a dead click judged there lands on its cell. */
  carriedClicks: 100,
  /** Characters of a carried click's page (with its day and bucket): longer ones are not carried. */
  carriedGroupChars: 300,
  /** Pages whose deepest scroll band is remembered across batches. */
  carriedDepths: 20,
  /**
   * Batches of one session on one page whose own heat is kept for filtered heatmaps (which read it
   * per session); later batches still count in the daily totals.
   */
  sessionBatchesPerPage: 200,
} as const;

/** Every N-th mouse position counts: density, not paths, is drawn. */
const MOVE_SAMPLE = 2;

export type HeatLayer = "c" | "r" | "d";

export interface GroupHeat {
  path: string;
  bucket: WidthBucket;
  /** UTC day: milliseconds since the epoch / 86 400 000. */
  day: number;
  /** Grid field ("c:col:row" clicks, "r:" rage, "d:" dead, "m:" moves) → count. */
  cells: Record<string, number>;
  /** Selector → clicks, rage bursts and dead clicks on it. */
  elements: Record<string, Record<HeatLayer, number>>;
  /** Clicks whose target node the batch's own DOM does not name: resolved from the stored node map. */
  pending: Record<string, Record<HeatLayer, number>>;
  /**
   * Target (a selector, or a pending node id as in `pending`) → when the batch's last click on it
   * happened: the element list links each element to moments in recordings. Bounded by the targets.
   */
  moments?: Record<string, number>;
  /**
   * Target (a selector, or a pending node id as in `pending`) → where inside its box the clicks
   * landed: cell of an OFFSET_GRID × OFFSET_GRID grid over the box (row × size + col) → clicks. Only
   * clicks the SDK sent an offset for (rewind/click@1); bounded by the targets and the grid.
   */
  offsets?: Record<string, Record<string, number>>;
  /** Deepest scroll band reached in this batch (-1 when none was seen). */
  band: number;
  /** Deepest band the session reached on this page in earlier batches (-1 when unknown). */
  bandBefore: number;
  /** Which of the session's batches on this page and bucket this is (1 for the first; carried). */
  batchNo: number;
  /** Full snapshots of this page taken in the batch (time, viewport). */
  snapshots: { at: number; width: number; height: number }[];
}

export interface BatchHeat {
  groups: GroupHeat[];
  /** Node id → the selector of its target element, for later batches' clicks (see `resetNodes`). */
  nodes: Record<string, string>;
  /** Target selector → what the recording calls it (elementLabel), beside `nodes`. */
  labels?: Record<string, string>;
  /**
   * The element of the batch's first rage burst as the recording names it (elementLabel), when the
   * DOM the click landed in was recorded in this batch or its label was carried; else absent.
   */
  rageLabel?: string;
  /** Else the burst's clicked node of an earlier batch's DOM, named through the stored maps. */
  rageNode?: number;
  /** The batch took a full snapshot: node ids of earlier batches no longer mean the same nodes. */
  resetNodes: boolean;
}

interface CarriedClick {
  at: number;
  group: string;
  cell: string;
  target: string | null;
  node: number | null;
  /** What the clicked element is called in the recording (elementLabel), when the DOM was known. */
  label?: string;
}

/** What the next batch of the session needs: where the page is scrolled, its viewport, recent clicks. */
export interface HeatCarry {
  /** The page path the session is on. */
  path: string | null;
  doc: number | null;
  scrollY: number;
  width: number;
  height: number;
  clicks: CarriedClick[];
  /** "bucket|path" → deepest band counted for the session. */
  depths: Record<string, number>;
  /** "bucket|path" → batches of the session with heat on the page. */
  batches?: Record<string, number>;
}

export const EMPTY_HEAT_CARRY: HeatCarry = {
  path: null,
  doc: null,
  scrollY: 0,
  width: 0,
  height: 0,
  clicks: [],
  depths: {},
};

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" ? (v as Record<string, unknown>) : {};

// The SDK measures a click's offset in the same element's box (sdk/src/click-offset.ts).
const INTERACTIVE = new Set<string>(CLICK_TARGET.tags);
const INTERACTIVE_ROLES = new Set<string>(CLICK_TARGET.roles);
/** How far up from a clicked node its target element (an interactive one) is looked for. */
const TARGET_DEPTH = CLICK_TARGET.depth;
const IDENT = CLICK_TARGET.id;

/** Cells across (and down) an element's box that click offsets are counted in. */
export const OFFSET_GRID = 8;
/** How far apart in time a click and its offset event may be to be joined. */
const OFFSET_JOIN_MS = 1_000;

interface ElementInfo {
  tag: string;
  parent: number | null;
  /** Its attributes as recorded and its place among same-tag siblings: its selector step's makings. */
  attrs: Record<string, unknown>;
  nth: number;
  /** This element's step of a selector ("button.primary:nth-of-type(2)", or "#id"), once asked for. */
  step?: string;
  interactive: boolean;
  /** Its aria-label and role as recorded (masking may have starred the label). */
  ariaLabel?: string;
  role?: string;
  /** The recorded text inside it, gathered from its text nodes a few levels down; bounded. */
  text: string;
}

/** Characters of an element's gathered text, and of a label made from it. */
const LABEL_CHARS = 60;

/** The recorded DOM's elements, enough to name the element a click landed on with a CSS selector. */
class DomIndex {
  readonly elements = new Map<number, ElementInfo>();

  reset(): void {
    this.elements.clear();
  }

  /**
   * Adds a serialized node and its subtree (iteratively: snapshots nest deeply). A full snapshot
   * can hold 200,000 nodes: the walk keeps three parallel stacks and counts siblings' tags only
   * where there are element siblings, so a node costs no objects but its own entry.
   */
  add(root: unknown, parentId: number | null): void {
    const nodes: Record<string, unknown>[] = [obj(root)];
    const parents: (number | null)[] = [parentId];
    const nths: number[] = [0];
    while (nodes.length) {
      const node = nodes.pop()!;
      const parent = parents.pop() as number | null;
      const nth = nths.pop()!;
      const id = num(node.id);
      let childParent = parent;
      if (node.type === NodeType.Element && id !== undefined && typeof node.tagName === "string") {
        const tag = node.tagName.toLowerCase().slice(0, 30);
        const attrs = obj(node.attributes);
        this.elements.set(id, {
          tag,
          parent,
          attrs,
          nth,
          interactive:
            INTERACTIVE.has(tag) ||
            (typeof attrs.role === "string" && INTERACTIVE_ROLES.has(attrs.role)) ||
            (typeof attrs.id === "string" && IDENT.test(attrs.id)),
          ariaLabel:
            typeof attrs["aria-label"] === "string" ? attrs["aria-label"].slice(0, LABEL_CHARS) : undefined,
          role: typeof attrs.role === "string" ? attrs.role.slice(0, 30) : undefined,
          text: "",
        });
        childParent = id;
      } else if (node.type === NodeType.Text && typeof node.textContent === "string" && parent !== null) {
        this.addText(parent, node.textContent);
      } else if (id !== undefined && node.type === NodeType.Document) childParent = null;
      const children = node.childNodes;
      if (!Array.isArray(children) || children.length === 0) continue;
      // Pushed last child first, so they are walked in document order; nth-of-type counts from the first.
      let seen: Map<string, number> | undefined;
      const nthOf = new Array<number>(children.length);
      for (let i = 0; i < children.length; i++) {
        const child = children[i] as Record<string, unknown> | null;
        if (child?.type !== NodeType.Element) {
          nthOf[i] = 0;
          continue;
        }
        const tag = typeof child.tagName === "string" ? child.tagName.toLowerCase() : "";
        seen ??= new Map();
        const n = (seen.get(tag) ?? 0) + 1;
        seen.set(tag, n);
        nthOf[i] = n;
      }
      for (let i = children.length - 1; i >= 0; i--) {
        nodes.push(obj(children[i]));
        parents.push(childParent);
        nths.push(nthOf[i]!);
      }
    }
  }

  /** Text of a text node, to its element and the few above it (a button's text is often in a span). */
  private addText(parent: number, text: string): void {
    // A label keeps LABEL_CHARS characters: a long text's head gives them unless it is mostly spaces.
    const head = text.length > LABEL_CHARS * 4 ? text.slice(0, LABEL_CHARS * 4) : text;
    let words = head.replace(/\s+/g, " ").trim();
    if (head !== text && words.length < LABEL_CHARS) words = text.replace(/\s+/g, " ").trim();
    if (!words) return;
    let at: number | null = parent;
    for (let up = 0; at !== null && up < TARGET_DEPTH; up++) {
      const el = this.elements.get(at);
      if (!el) return;
      if (el.text.length < LABEL_CHARS) el.text = `${el.text} ${words}`.trim().slice(0, LABEL_CHARS);
      at = el.parent;
    }
  }

  /** The clicked node's target element (else the node) named as the recording holds it (elementLabel). */
  labelOf(node: number): string | null {
    const el = this.elements.get(this.targetAt(node)?.id ?? node);
    return el ? elementLabel(el) : null;
  }

  /** The interactive element at or above the node (within a few levels), as a selector; else null. */
  targetOf(node: number): string | null {
    const found = this.targetAt(node);
    return found ? this.selectorOf(found.id) : null;
  }

  /** The target element's node id and how many levels above the node it is. */
  targetAt(node: number): { id: number; up: number } | null {
    let at: number | null = node;
    for (let up = 0; at !== null && up < TARGET_DEPTH; up++) {
      const el = this.elements.get(at);
      if (!el) return null;
      if (el.interactive) return { id: at, up };
      at = el.parent;
    }
    return null;
  }

  /** Steps from the nearest element with an id (or the body), at most four, joined with " > ". */
  private selectorOf(node: number): string {
    const steps: string[] = [];
    let at: number | null = node;
    while (at !== null && steps.length < 4) {
      const el = this.elements.get(at);
      if (!el || el.tag === "html") break;
      el.step ??= stepOf(el.tag, el.attrs, el.nth);
      steps.unshift(el.step);
      if (el.step.startsWith("#") || el.tag === "body") break;
      at = el.parent;
    }
    return steps.join(" > ").slice(0, HEAT_LIMITS.selectorChars);
  }
}

/** Text masking left as it was: masked text is one `*` per character, spaces kept. */
const unmasked = (text: string | undefined): text is string => !!text && /[^*\s]/.test(text);

/** Words for elements that have no recorded name of their own. */
const TAG_WORDS: Record<string, string> = {
  a: "link",
  button: "button",
  input: "input field",
  select: "menu",
};

/**
 * What to call an element in a sentence, from what the recording holds and never from what masking
 * hid: its aria-label, else its text, each only when unmasked; else its role or kind ("button").
 * Quoted when it is the page's own words.
 */
export function elementLabel(el: Pick<ElementInfo, "tag" | "ariaLabel" | "role" | "text">): string {
  const words = unmasked(el.ariaLabel) ? el.ariaLabel.trim() : unmasked(el.text) ? el.text : null;
  if (words) return `“${words}”`;
  return `a ${el.role && /^[a-z]+$/.test(el.role) ? el.role : (TAG_WORDS[el.tag] ?? `${el.tag} element`)}`;
}

function stepOf(tag: string, attrs: Record<string, unknown>, nth: number): string {
  if (typeof attrs.id === "string" && IDENT.test(attrs.id)) return `#${attrs.id}`;
  if (tag === "body") return "body";
  const classes =
    typeof attrs.class === "string"
      ? attrs.class
          .split(/\s+/)
          .filter((c) => IDENT.test(c))
          .slice(0, 2)
          .map((c) => `.${c}`)
          .join("")
      : "";
  return `${tag}${classes}${nth > 1 ? `:nth-of-type(${nth})` : ""}`;
}

const DAY_MS = 86_400_000;

/** The heat of one batch, from its events, the UX signals summarize found in it, and the session's carry. */
export function heatOf(
  events: RrwebEvent[],
  signals: Signal[],
  startUrl: string | undefined,
  carry: HeatCarry = EMPTY_HEAT_CARRY,
): { heat: BatchHeat; carry: HeatCarry } {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const dom = new DomIndex();
  let known = false; // whether `dom` holds this page load's DOM (else targets are pending)
  let resetNodes = false;
  let { doc, scrollY, width, height } = carry;
  let path = carry.path ?? (startUrl ? pathOf(startUrl) : null);
  const groups = new Map<string, GroupHeat>();
  const depths = { ...carry.depths };
  const batches = { ...carry.batches };
  const clicks: CarriedClick[] = [];
  let positions = 0;
  const offsets = clickOffsets(sorted);

  const groupAt = (at: number): GroupHeat | null => {
    if (!path || !width) return null;
    const bucket = widthBucket(width);
    const day = Math.floor(at / DAY_MS);
    const key = `${day}|${bucket}|${path}`;
    let g = groups.get(key);
    if (!g) {
      if (groups.size >= HEAT_LIMITS.groupsPerBatch) return null;
      const depthKey = `${bucket}|${path}`;
      g = {
        path,
        bucket,
        day,
        cells: {},
        elements: {},
        pending: {},
        band: -1,
        bandBefore: depths[depthKey] ?? -1,
        batchNo: (batches[depthKey] ?? 0) + 1,
        snapshots: [],
      };
      batches[depthKey] = g.batchNo;
      groups.set(key, g);
    }
    return g;
  };
  const cellOf = (x: number, clientY: number): string | null => {
    const row = Math.floor((clientY + scrollY) / HEAT_GRID.rowPx);
    if (!width || row < 0 || row >= HEAT_GRID.rows) return null;
    const col = Math.min(HEAT_GRID.cols - 1, Math.max(0, Math.floor((x / width) * HEAT_GRID.cols)));
    return `${col}:${row}`;
  };
  // Distinct cells and targets per group so far, so a cap is checked without counting keys.
  const sizes = new Map<GroupHeat, { cells: number; targets: number }>();
  const sizeOf = (g: GroupHeat) => {
    let size = sizes.get(g);
    if (!size) {
      size = { cells: 0, targets: 0 };
      sizes.set(g, size);
    }
    return size;
  };
  const bump = (g: GroupHeat, field: string, by = 1) => {
    if (g.cells[field] === undefined) {
      const size = sizeOf(g);
      if (size.cells >= HEAT_LIMITS.cellsPerGroup) return;
      size.cells++;
    }
    g.cells[field] = (g.cells[field] ?? 0) + by;
  };
  const onTarget = (
    g: GroupHeat,
    target: string | null,
    node: number | null,
    layer: HeatLayer,
    clickedAt?: number,
  ) => {
    const into = target ? g.elements : node !== null ? g.pending : null;
    const name = target ?? String(node);
    if (!into) return;
    if (!into[name]) {
      const size = sizeOf(g);
      if (size.targets >= HEAT_LIMITS.elementsPerGroup) return;
      size.targets++;
    }
    into[name] ??= { c: 0, r: 0, d: 0 };
    into[name][layer]++;
    if (clickedAt === undefined) return;
    g.moments ??= {};
    g.moments[name] = clickedAt;
  };
  const noteDepth = (at: number) => {
    const g = groupAt(at);
    if (!g || !height) return;
    const band = Math.min(HEAT_GRID.bands - 1, Math.floor((scrollY + height) / HEAT_GRID.bandPx));
    if (band > g.band) g.band = band;
  };

  for (const e of sorted) {
    const data = e.data;
    if (e.type === EventType.Meta) {
      width = num(data.width) ?? width;
      height = num(data.height) ?? height;
      if (typeof data.href === "string" && data.href.length <= 2048) path = pathOf(data.href);
      // A new page load: its snapshot follows, and the old node ids mean nothing any more.
      known = false;
    } else if (e.type === EventType.FullSnapshot) {
      dom.reset();
      dom.add(data.node, null);
      known = true;
      resetNodes = true;
      doc = num(obj(data.node).id) ?? doc;
      scrollY = num(obj(data.initialOffset).top) ?? 0;
      const g = groupAt(e.timestamp);
      if (g && width && height) g.snapshots.push({ at: e.timestamp, width, height });
      noteDepth(e.timestamp);
    } else if (e.type === EventType.Custom && data.tag === "$pageview") {
      const url = obj(data.payload).url;
      if (typeof url === "string" && url.length <= 2048) path = pathOf(url);
      noteDepth(e.timestamp);
    } else if (e.type === EventType.IncrementalSnapshot) {
      const source = num(data.source);
      if (source === IncrementalSource.Mutation && known) {
        for (const a of Array.isArray(data.adds) ? data.adds : []) {
          const add = obj(a);
          const parent = num(add.parentId);
          if (parent !== undefined && dom.elements.has(parent)) dom.add(add.node, parent);
        }
      } else if (source === IncrementalSource.Scroll) {
        if (num(data.id) === (doc ?? 1)) {
          scrollY = Math.max(0, num(data.y) ?? scrollY);
          noteDepth(e.timestamp);
        }
      } else if (source === IncrementalSource.ViewportResize) {
        width = num(data.width) ?? width;
        height = num(data.height) ?? height;
      } else if (source === IncrementalSource.MouseMove) {
        const g = groupAt(e.timestamp);
        for (const p of Array.isArray(data.positions) ? data.positions : []) {
          if (positions >= HEAT_LIMITS.movePositions) break;
          if (positions++ % MOVE_SAMPLE !== 0 || !g) continue;
          const pos = obj(p);
          const x = num(pos.x);
          const y = num(pos.y);
          const cell = x !== undefined && y !== undefined ? cellOf(x, y) : null;
          if (cell) bump(g, `m:${cell}`);
        }
      } else if (
        source === IncrementalSource.MouseInteraction &&
        num(data.type) === MouseInteractions.Click
      ) {
        const g = groupAt(e.timestamp);
        const x = num(data.x);
        const y = num(data.y);
        const cell = x !== undefined && y !== undefined ? cellOf(x, y) : null;
        if (!g || !cell) continue;
        const node = num(data.id) ?? null;
        const target = node !== null && known ? dom.targetOf(node) : null;
        bump(g, `c:${cell}`);
        // A node the batch's DOM knows but that sits in no interactive element has no target.
        const pendingNode = !known && node !== null ? node : null;
        onTarget(g, target, pendingNode, "c", e.timestamp);
        const offset = node !== null ? offsets.take(node, e.timestamp) : null;
        // The SDK measured in the element this DOM names as the target (else the offset is elsewhere).
        if (offset && (target ? dom.targetAt(node!)?.up === offset.up : pendingNode !== null)) {
          const name = target ?? String(pendingNode);
          // Only on a target the caps let in: the offsets are bounded by the targets.
          if ((target ? g.elements : g.pending)[name]) {
            g.offsets ??= {};
            g.offsets[name] ??= {};
            const grid = g.offsets[name];
            grid[offset.cell] = (grid[offset.cell] ?? 0) + 1;
          }
        }
        const label = node !== null && known ? dom.labelOf(node) : null;
        clicks.push({
          at: e.timestamp,
          group: `${g.day}|${g.bucket}|${g.path}`,
          cell,
          target,
          node: pendingNode,
          ...(label ? { label } : {}),
        });
      }
    }
  }

  // Rage bursts and dead clicks are judged by summarize, sometimes a batch after the click: each
  // lands on the cell and target of the click it names (by time), this batch's or a carried one.
  const byTime = new Map<number, CarriedClick>();
  for (const c of [...carry.clicks, ...clicks]) byTime.set(c.at, c);
  for (const sig of signals) {
    if (sig.kind !== "rage" && sig.kind !== "dead") continue;
    const click = byTime.get(sig.at);
    if (!click) continue;
    const [day, bucket, ...rest] = click.group.split("|");
    const key = click.group;
    let g = groups.get(key);
    if (!g) {
      if (groups.size >= HEAT_LIMITS.groupsPerBatch) continue;
      g = {
        path: rest.join("|"),
        bucket: bucket as WidthBucket,
        day: Number(day),
        cells: {},
        elements: {},
        pending: {},
        band: -1,
        bandBefore: -1,
        batchNo: 1,
        snapshots: [],
      };
      groups.set(key, g);
    }
    const layer = sig.kind === "rage" ? "r" : "d";
    bump(g, `${layer}:${click.cell}`);
    onTarget(g, click.target, click.node, layer);
  }

  for (const g of groups.values()) {
    if (g.band > g.bandBefore) depths[`${g.bucket}|${g.path}`] = g.band;
  }
  const lastTs = sorted.at(-1)?.timestamp ?? 0;
  const keepFrom = lastTs - 10_000;
  const rage = signals.find((sig) => sig.kind === "rage");
  const rageClick = rage ? byTime.get(rage.at) : undefined;
  const { nodes, labels } = resetNodes ? nodeTargets(dom) : { nodes: {}, labels: {} };
  return {
    heat: {
      groups: [...groups.values()],
      nodes,
      labels,
      resetNodes,
      ...(rageClick?.label
        ? { rageLabel: rageClick.label }
        : rageClick?.node != null
          ? { rageNode: rageClick.node }
          : {}),
    },
    carry: {
      path,
      doc,
      scrollY,
      width,
      height,
      // The carry is stored with the session on every batch: kept small however long the path.
      clicks: [...carry.clicks, ...clicks]
        .filter((c) => c.at >= keepFrom && c.group.length <= HEAT_LIMITS.carriedGroupChars)
        .slice(-HEAT_LIMITS.carriedClicks),
      depths: Object.fromEntries(Object.entries(depths).slice(-HEAT_LIMITS.carriedDepths)),
      batches: Object.fromEntries(Object.entries(batches).slice(-HEAT_LIMITS.carriedDepths)),
    },
  };
}

/**
 * The batch's click offsets (the SDK's rewind/click@1, checked by summarize) by node id, each taken
 * by a click on that node within OFFSET_JOIN_MS. The SDK emits an offset right after rrweb's
 * click, so both are in the same batch. Clicks come in time order, so each node's offsets are a
 * queue read from the front: offsets too old for this click are passed (no later click can take
 * them), then the click takes the nearest of the ones left — each offset is looked at a bounded
 * number of times, so the join is linear in the batch (a scan of the node's offsets per click
 * made it clicks × offsets).
 */
function clickOffsets(sorted: RrwebEvent[]) {
  type Offset = { at: number; up: number; cell: string };
  const byNode = new Map<number, { list: Offset[]; next: number }>();
  for (const e of sorted) {
    if (e.type !== EventType.Plugin || e.data.plugin !== CLICK_PLUGIN) continue;
    const p = obj(e.data.payload);
    const id = num(p.id);
    const x = num(p.x);
    const y = num(p.y);
    const up = num(p.up);
    if (id === undefined || x === undefined || y === undefined || up === undefined) continue;
    const col = Math.min(OFFSET_GRID - 1, Math.max(0, Math.floor(x * OFFSET_GRID)));
    const row = Math.min(OFFSET_GRID - 1, Math.max(0, Math.floor(y * OFFSET_GRID)));
    let queue = byNode.get(id);
    if (!queue) {
      queue = { list: [], next: 0 };
      byNode.set(id, queue);
    }
    queue.list.push({ at: e.timestamp, up, cell: String(row * OFFSET_GRID + col) });
  }
  return {
    take(node: number, at: number): { up: number; cell: string } | null {
      const queue = byNode.get(node);
      if (!queue) return null;
      const { list } = queue;
      while (queue.next < list.length && list[queue.next]!.at < at - OFFSET_JOIN_MS) queue.next++;
      // Of the ones left (in time order), the nearest: a later one while it is nearer.
      while (
        queue.next + 1 < list.length &&
        Math.abs(list[queue.next + 1]!.at - at) < Math.abs(list[queue.next]!.at - at)
      )
        queue.next++;
      const offset = list[queue.next];
      if (!offset || offset.at > at + OFFSET_JOIN_MS) return null;
      queue.next++;
      return offset;
    },
  };
}

/** Node id → target selector for the nodes inside an interactive element: what later clicks can land on. */
function nodeTargets(dom: DomIndex): { nodes: Record<string, string>; labels: Record<string, string> } {
  const nodes: Record<string, string> = {};
  const labels: Record<string, string> = {};
  let n = 0;
  for (const id of dom.elements.keys()) {
    const target = dom.targetOf(id);
    if (!target) continue;
    nodes[String(id)] = target;
    labels[target] ??= dom.labelOf(id) ?? "";
    if (++n >= HEAT_LIMITS.nodesPerBatch) break;
  }
  return { nodes, labels };
}

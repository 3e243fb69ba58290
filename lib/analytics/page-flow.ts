import { ANY_PAGES_BEFORE, typedPath, VISIT_BEGAN } from "@/lib/url-path";

/**
 * Paths as a flow (seed 003, "paths"): for the first steps of each visit, how many sessions were on
 * which page, where they went next and how many left there; or, to an end page, the steps that led
 * there, counted back from it, and how many came in from elsewhere at each. Drawn as a Sankey
 * diagram; every node, link and drop-off (or drop-in) is also a `path:` search, so its recordings
 * are exactly the sessions counted.
 */

export interface FlowNode {
  /**
   * From a start page (or any first page): 0 for the first page of a visit. To an end page: pages
   * back from it, 0 being the end page itself.
   */
  step: number;
  /** The page, or null for the pages outside the top ones of that step, grouped. */
  path: string | null;
  sessions: number;
  /** Sessions whose visit ended on this page (flows from a start page; 0 in flows to an end page). */
  exits: number;
  /**
   * Sessions whose visit began on this page, having come from elsewhere (flows to an end page: the
   * mirror of `exits`; 0 in flows from a start page).
   */
  entries: number;
}

export interface FlowLink {
  /** Indexes into nodes, in the order the visit went: from `source` to `target`. */
  source: number;
  target: number;
  sessions: number;
}

export interface PageFlow {
  /** Only visits that began on this page, or every visit (when `end` is null). */
  start: string | null;
  /** Set for a flow to an end page: the visits that reached it, up to their first arrival there. */
  end: string | null;
  nodes: FlowNode[];
  links: FlowLink[];
  /** Visits counted (with at least one page, from the start page or reaching the end page when set). */
  sessions: number;
}

/** Where a flow is anchored: from a start page (every first page when null) or to an end page. */
export type FlowAnchor = { kind: "from"; page: string | null } | { kind: "to"; page: string };

/** Pages kept by name at each step; the rest are one "other pages" node, so the diagram stays legible. */
export const FLOW_PAGES_PER_STEP = 6;

/**
 * The flow of these visits' paths (pages in order, repeats in a row folded) over `depth` steps.
 * Linear in the pages read: each visit is walked once, each step's pages ranked once.
 */
export function pageFlow(
  paths: Iterable<string[]>,
  depth: number,
  start: string | null,
  perStep = FLOW_PAGES_PER_STEP,
): PageFlow {
  const visits = [...paths].filter((p) => p.length > 0 && (start === null || p[0] === start));
  const keep: Set<string>[] = [];
  for (let step = 0; step < depth; step++) {
    const counts = new Map<string, number>();
    for (const v of visits) if (v[step] !== undefined) counts.set(v[step]!, (counts.get(v[step]!) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, perStep);
    keep.push(new Set(top.map(([p]) => p)));
  }
  const nodes: FlowNode[] = [];
  const nodeIndex = new Map<string, number>();
  const node = (step: number, page: string): number => {
    const path = keep[step]!.has(page) ? page : null;
    const id = `${step}\n${path ?? ""}`;
    let i = nodeIndex.get(id);
    if (i === undefined) {
      i = nodes.push({ step, path, sessions: 0, exits: 0, entries: 0 }) - 1;
      nodeIndex.set(id, i);
    }
    return i;
  };
  const linkCounts = new Map<string, FlowLink>();
  for (const v of visits) {
    let previous = -1;
    for (let step = 0; step < Math.min(depth, v.length); step++) {
      const i = node(step, v[step]!);
      nodes[i]!.sessions++;
      if (step === v.length - 1) nodes[i]!.exits++;
      if (previous >= 0) {
        const id = `${previous}>${i}`;
        const link = linkCounts.get(id) ?? { source: previous, target: i, sessions: 0 };
        link.sessions++;
        linkCounts.set(id, link);
      }
      previous = i;
    }
  }
  return { start, end: null, nodes, links: [...linkCounts.values()], sessions: visits.length };
}

const samePage = (page: string, wanted: string) => page.toLowerCase() === typedPath(wanted).toLowerCase();

/**
 * The flow of the paths that led to `end` over `depth` steps back from it: each visit that reached
 * it is cut at its first arrival there and walked backwards, so its step 1 is the page just before.
 * A visit with no page before one of its steps came in there from elsewhere (that node's `entries`).
 * The end page compares as the `path:` search compares pages, so the counts match its searches.
 */
export function pageFlowTo(
  paths: Iterable<string[]>,
  depth: number,
  end: string,
  perStep = FLOW_PAGES_PER_STEP,
): PageFlow {
  const backwards: string[][] = [];
  for (const path of paths) {
    const arrival = path.findIndex((page) => samePage(page, end));
    if (arrival >= 0) backwards.push(path.slice(0, arrival + 1).reverse());
  }
  const back = pageFlow(backwards, depth, null, perStep);
  return {
    start: null,
    end,
    nodes: back.nodes.map((n) => ({ ...n, exits: 0, entries: n.exits })),
    // Walked backwards, a link's source is the later page: turned round, links go the visit's way.
    links: back.links.map((l) => ({ source: l.target, target: l.source, sessions: l.sessions })),
    sessions: back.sessions,
  };
}

/** The flow a page asks for: from a start page (or every first page), or to an end page. */
export function flowOf(paths: Iterable<string[]>, depth: number, anchor: FlowAnchor | null): PageFlow {
  return anchor?.kind === "to"
    ? pageFlowTo(paths, depth, anchor.page)
    : pageFlow(paths, depth, anchor?.page ?? null);
}

/**
 * The `path:` steps whose recordings are exactly a node's sessions, or a link's when `next` (the
 * page the visit went to from `node`) is given. From a start page: the node's step with any pages
 * before it (the start page first when the flow has one). To an end page: counted back from the
 * first arrival there (`**>/pricing>*>/checkout`). Null for the grouped "other pages" nodes, which
 * no single search describes.
 */
export function flowSteps(flow: PageFlow, node: FlowNode, next?: FlowNode): string[] | null {
  if (node.path === null || (next && next.path === null)) return null;
  if (flow.end !== null)
    return [ANY_PAGES_BEFORE, ...(next ? [node.path, ...toEnd(flow.end, next)] : toEnd(flow.end, node))];
  const steps = Array.from({ length: node.step }, (_, i) => (i === 0 && flow.start ? flow.start : "*"));
  steps.push(node.path);
  if (next) steps.push(next.path!);
  return steps;
}

/** A node's page and the steps from it to the end page (any pages between), in visit order. */
function toEnd(end: string, node: FlowNode): string[] {
  return node.step === 0 ? [end] : [node.path!, ...Array<string>(node.step - 1).fill("*"), end];
}

/**
 * The search for a node's drop-off (the visits that left there, `$`) or, to an end page, its
 * drop-in (the visits that began there, `^`): exactly its `exits` or `entries`. Null for grouped nodes.
 */
export function flowDropSearch(flow: PageFlow, node: FlowNode): { steps: string[]; exact: boolean } | null {
  const steps = flowSteps(flow, node);
  if (!steps) return null;
  return flow.end !== null
    ? { steps: [VISIT_BEGAN, ...steps.slice(1)], exact: false }
    : { steps, exact: true };
}

/**
 * The anchor a page's query asks for: `flow=to&page=/checkout` (to an end page), else
 * `flow=from&page=/pricing` or the older `from=/pricing` (from a start page), else every first page.
 */
export function flowAnchorOf(query: { flow?: string; page?: string; from?: string }): FlowAnchor {
  const page = (p: string | undefined) => (p?.startsWith("/") ? p.slice(0, 500) : null);
  const chosen = page(query.page);
  if (query.flow === "to" && chosen) return { kind: "to", page: chosen };
  return { kind: "from", page: query.flow === "from" ? chosen : page(query.from) };
}

/**
 * Paths as a flow (seed 003, "paths"): for the first steps of each visit, how many sessions were on
 * which page, where they went next and how many left there. Drawn as a Sankey diagram; every node,
 * link and drop-off is also a `path:` search, so its recordings are exactly the sessions counted.
 */

export interface FlowNode {
  /** 0 for the first page of a visit. */
  step: number;
  /** The page, or null for the pages outside the top ones of that step, grouped. */
  path: string | null;
  sessions: number;
  /** Sessions whose visit ended on this page. */
  exits: number;
}

export interface FlowLink {
  /** Indexes into nodes. */
  source: number;
  target: number;
  sessions: number;
}

export interface PageFlow {
  /** Only visits that began on this page, or every visit. */
  start: string | null;
  nodes: FlowNode[];
  links: FlowLink[];
  /** Visits counted (with at least one page, and from the start page when one is set). */
  sessions: number;
}

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
      i = nodes.push({ step, path, sessions: 0, exits: 0 }) - 1;
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
  return { start, nodes, links: [...linkCounts.values()], sessions: visits.length };
}

/**
 * The `path:` steps whose recordings are exactly a node's sessions (its step, any pages before it;
 * from the start page when the flow has one), or a link's when `next` is given. Null for the
 * grouped "other pages" nodes, which no single search describes.
 */
export function flowSteps(flow: PageFlow, node: FlowNode, next?: FlowNode): string[] | null {
  if (node.path === null || (next && next.path === null)) return null;
  const steps = Array.from({ length: node.step }, (_, i) => (i === 0 && flow.start ? flow.start : "*"));
  steps.push(node.path);
  if (next) steps.push(next.path!);
  return steps;
}

import type { Page } from "playwright-core";

/**
 * A tab's JS heap by constructor, from a CDP heap snapshot (after a forced GC), and what grew
 * between two of them with a retainer path for a sample of what is new: what a page keeps
 * alive across recordings, named instead of guessed. Used by bench/player-heap.ts.
 */

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapSnapshot {
  /** Bytes and count per constructor (objects), or per node type in brackets (strings, code…). */
  classes: Map<string, { count: number; bytes: number }>;
  /** Object ids (stable across snapshots of one tab) by constructor. */
  ids: Map<string, Set<number>>;
  /** For each object id: a retainer path from the GC roots. */
  retainerPath(id: number, depth?: number): string[];
  total: number;
  /** Of `total`, the engine's compiled code (bytecode, machine code of optimized functions, their metadata). */
  code: number;
}

export async function takeHeapSnapshot(page: Page): Promise<HeapSnapshot> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
  const parts: string[] = [];
  cdp.on("HeapProfiler.addHeapSnapshotChunk", (e: { chunk: string }) => parts.push(e.chunk));
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  await cdp.detach();
  return parseSnapshot(JSON.parse(parts.join("")) as RawSnapshot);
}

function className(type: string, name: string): string {
  if (type === "object" || type === "native") return name.split(" ")[0] || `(${type})`;
  if (type === "closure") return `(closure) ${name || "anonymous"}`;
  // Code by what it is (bytecode, optimized code, function info…): which of them grows tells
  // whether a page keeps functions or the engine compiles more of the same ones.
  if (type === "code") return `(code) ${name.replace(/\d+/g, "N").slice(0, 60)}`;
  return `(${type})`;
}

function parseSnapshot(raw: RawSnapshot): HeapSnapshot {
  const { meta } = raw.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const [typeF, nameF, idF, sizeF, edgeCountF] = ["type", "name", "id", "self_size", "edge_count"].map((f) =>
    meta.node_fields.indexOf(f),
  ) as [number, number, number, number, number];
  const [eTypeF, eNameF, eToF] = ["type", "name_or_index", "to_node"].map((f) =>
    meta.edge_fields.indexOf(f),
  ) as [number, number, number];
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = raw;
  const count = nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * nf + edgeCountF]! * ef;
  }
  firstEdge[count] = edges.length;
  // Retainers: for each node, which node and which edge name points to it (strong edges only).
  const retainers: { from: number; edge: string }[][] = Array.from({ length: count }, () => []);
  const distance = new Int32Array(count).fill(-1);
  const edgeName = (e: number) => {
    const t = edgeTypes[edges[e + eTypeF]!];
    const n = edges[e + eNameF]!;
    return t === "element" || t === "hidden" ? `[${n}]` : (strings[n] ?? String(n));
  };
  for (let i = 0; i < count; i++)
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += ef) {
      if (edgeTypes[edges[e + eTypeF]!] === "weak") continue;
      retainers[edges[e + eToF]! / nf]!.push({ from: i, edge: edgeName(e) });
    }
  // Distance from the root (node 0), breadth first over strong edges.
  const queue = [0];
  distance[0] = 0;
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!;
    for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += ef) {
      if (edgeTypes[edges[e + eTypeF]!] === "weak") continue;
      const to = edges[e + eToF]! / nf;
      if (distance[to] === -1) {
        distance[to] = distance[i]! + 1;
        queue.push(to);
      }
    }
  }
  const classes = new Map<string, { count: number; bytes: number }>();
  const ids = new Map<string, Set<number>>();
  const indexById = new Map<number, number>();
  const labels: string[] = new Array(count);
  let total = 0;
  let code = 0;
  for (let i = 0; i < count; i++) {
    const at = i * nf;
    const label = className(nodeTypes[nodes[at + typeF]!]!, strings[nodes[at + nameF]!]!);
    labels[i] = label;
    const id = nodes[at + idF]!;
    indexById.set(id, i);
    if (distance[i] === -1) continue; // unreachable: garbage the snapshot still lists
    const bytes = nodes[at + sizeF]!;
    total += bytes;
    if (label.startsWith("(code)")) code += bytes;
    const c = classes.get(label) ?? { count: 0, bytes: 0 };
    c.count++;
    c.bytes += bytes;
    classes.set(label, c);
    const set = ids.get(label) ?? new Set<number>();
    ids.set(label, set);
    set.add(id);
  }
  const retainerPath = (id: number, depth = 12): string[] => {
    const path: string[] = [];
    let i = indexById.get(id);
    while (i !== undefined && i !== 0 && path.length < depth) {
      const d = distance[i]!;
      const via = retainers[i]!.filter((r) => distance[r.from] === d - 1)[0];
      if (!via) break;
      path.push(`${labels[via.from]}.${via.edge}`);
      i = via.from;
    }
    return path;
  };
  return { classes, ids, retainerPath, total, code };
}

/** The constructors that grew most from `before` to `after`, with a retainer path for a new object of each. */
export function heapGrowth(before: HeapSnapshot, after: HeapSnapshot, top = 15): string[] {
  const rows = [...after.classes.entries()].map(([name, c]) => {
    const b = before.classes.get(name) ?? { count: 0, bytes: 0 };
    return { name, dBytes: c.bytes - b.bytes, dCount: c.count - b.count };
  });
  rows.sort((a, b) => b.dBytes - a.dBytes);
  const mb = (b: number) => (b / 1e6).toFixed(2);
  const lines = [
    `total ${mb(before.total)} → ${mb(after.total)} MB; compiled code ${mb(before.code)} → ${mb(after.code)}; ` +
      `the rest ${mb(before.total - before.code)} → ${mb(after.total - after.code)}`,
  ];
  for (const r of rows.slice(0, top)) {
    lines.push(`${(r.dBytes / 1e3).toFixed(1).padStart(9)} KB ${String(r.dCount).padStart(7)}  ${r.name}`);
    const old = before.ids.get(r.name) ?? new Set<number>();
    const fresh = [...(after.ids.get(r.name) ?? [])].filter((id) => !old.has(id));
    const sample = fresh[Math.floor(fresh.length / 2)];
    if (sample !== undefined) lines.push(`              ← ${after.retainerPath(sample).join(" ← ")}`);
  }
  return lines;
}

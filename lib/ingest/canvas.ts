import { EventType, IncrementalSource, type RrwebEvent } from "./schema";

/**
 * What a batch says about canvases, for the health line: how many <canvas> elements its page
 * snapshots and added nodes hold, and how many canvas frames (rrweb CanvasMutation events) came
 * with them. A page with canvases and no frames replays them blank.
 */
export interface CanvasCount {
  canvasElements: number;
  canvasFrames: number;
}

interface SerializedNode {
  id?: unknown;
  tagName?: unknown;
  childNodes?: unknown;
}

export function countCanvas(events: RrwebEvent[]): CanvasCount {
  const ids = new Set<unknown>();
  let canvasFrames = 0;
  const visit = (root: unknown) => {
    const stack = [root];
    while (stack.length) {
      const n = stack.pop() as SerializedNode | undefined;
      if (!n || typeof n !== "object") continue;
      if (n.tagName === "canvas") ids.add(n.id);
      if (Array.isArray(n.childNodes)) for (const c of n.childNodes) stack.push(c);
    }
  };
  for (const e of events) {
    if (e.type === EventType.FullSnapshot) visit(e.data.node);
    if (e.type !== EventType.IncrementalSnapshot) continue;
    if (e.data.source === IncrementalSource.CanvasMutation) canvasFrames++;
    if (e.data.source === IncrementalSource.Mutation && Array.isArray(e.data.adds))
      for (const add of e.data.adds as { node?: unknown }[]) visit(add?.node);
  }
  return { canvasElements: ids.size, canvasFrames };
}

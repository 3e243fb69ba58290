/**
 * The mutation-storm guard. rrweb's cost grows with every node a page changes (on the 2-core test
 * box it took ~4 s to process one 10k-node insert); when a page rewrites tens of thousands of nodes
 * in a burst (a virtual list re-render, a big table replaced), one fresh full snapshot once the page
 * settles costs less than recording each change. So our own MutationObserver, created before
 * rrweb's and so called first for the same changes, counts the elements added and removed; past
 * STORM_NODES within STORM_WINDOW_MS the recorder stops rrweb before it sees the burst (stopping
 * disconnects its observer, which drops the records it was about to get), waits until the page has
 * been quiet for QUIET_MS (MAX_PAUSE_MS at most), and starts again with a full snapshot. The
 * recording carries a `$mutation-storm` custom event at the pause so the player can say why the
 * in-between changes are not there.
 */

export const STORM_NODES = 20_000;
export const STORM_WINDOW_MS = 1000;
export const QUIET_MS = 500;
export const MAX_PAUSE_MS = 5000;

export const STORM_EVENT = "$mutation-storm";

/** Elements a batch of mutation records added or removed, descendants included (counted natively). */
export function recordNodes(records: MutationRecord[]): number {
  let n = 0;
  const count = (nodes: NodeList) => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      n += 1 + (node.nodeType === 1 ? (node as Element).getElementsByTagName("*").length : 0);
    }
  };
  for (const r of records) {
    if (r.type !== "childList") continue;
    count(r.addedNodes);
    count(r.removedNodes);
  }
  return n;
}

/**
 * Calls onStorm(nodes) when the document's changes cross the storm threshold. Call before rrweb's
 * record() so this observer runs first. Returns a function that stops watching.
 */
export function watchStorms(onStorm: (nodes: number) => void, meter = new StormMeter()): () => void {
  const observer = new MutationObserver((records) => {
    const storm = meter.add(recordNodes(records), Date.now());
    if (storm) onStorm(storm);
  });
  observer.observe(document, { childList: true, subtree: true });
  return () => observer.disconnect();
}

/** Counts changed nodes in a sliding window; says when the count crosses the storm threshold. */
export class StormMeter {
  private window: { at: number; nodes: number }[] = [];
  private total = 0;

  constructor(
    private readonly threshold = STORM_NODES,
    private readonly windowMs = STORM_WINDOW_MS,
  ) {}

  /** Adds one event's changed nodes at time `at`; the total in the window when a storm, else 0. */
  add(nodes: number, at: number): number {
    if (nodes === 0) return 0;
    this.window.push({ at, nodes });
    this.total += nodes;
    while (this.window.length && this.window[0]!.at <= at - this.windowMs)
      this.total -= this.window.shift()!.nodes;
    if (this.total < this.threshold) return 0;
    const total = this.total;
    this.reset();
    return total;
  }

  reset(): void {
    this.window = [];
    this.total = 0;
  }
}

/**
 * Calls `done` once the document has had no mutation for `quietMs`, or after `maxMs` whatever
 * happens. Our own observer only restarts a timer per batch of records, so it costs next to nothing
 * however much the page changes. Returns a cancel function.
 */
export function whenQuiet(done: () => void, quietMs = QUIET_MS, maxMs = MAX_PAUSE_MS): () => void {
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    cancel();
    done();
  };
  const observer = new MutationObserver(() => {
    clearTimeout(quiet);
    quiet = setTimeout(finish, quietMs);
  });
  const cap = setTimeout(finish, maxMs);
  const cancel = () => {
    observer.disconnect();
    clearTimeout(quiet);
    clearTimeout(cap);
  };
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  quiet = setTimeout(finish, quietMs);
  return cancel;
}

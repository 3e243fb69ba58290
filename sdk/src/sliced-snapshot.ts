import { nextTask } from "./serialize";

/**
 * Full snapshots in time slices (issue #18 item 3). rrweb serializes the whole page in one task;
 * on a 50k-node page that was the SDK's one long task (seconds on a slow machine). Our build of
 * rrweb (sdk/rrweb-slim.mjs) hands each full snapshot to `prepareSnapshot`: `attempt()` returns a
 * generator that serializes one node per step, and this module runs it SNAPSHOT_SLICE_MS at a time between
 * tasks. The result is kept only if nothing that a snapshot reads changed meanwhile (a mutation
 * anywhere in the document, an input, a scroll, the number of CSS rules): then it is exactly what a synchronous snapshot
 * at commit time would hold. Otherwise it tries again — as soon as a slice sees the change, after
 * the browser's next frame — and after MAX_ATTEMPTS leaves it to
 * rrweb's synchronous snapshot (commit()), correct but one long task, as before. When the page is
 * hidden, the recorder finishes it at once (finishSnapshots).
 */

export const SNAPSHOT_SLICE_MS = 8;
export const MAX_ATTEMPTS = 6;

export type SnapshotAttempt = () => Iterator<unknown, unknown> | null;
export type SnapshotCommit = (root?: unknown) => void;

/** What a snapshot reads that can change without a DOM mutation. */
const CHANGE_EVENTS = ["input", "change", "scroll"];

/**
 * The CSS rules of the document's stylesheets, counted: rules inserted or deleted through CSSOM
 * (CSS-in-JS libraries) change no node. (A cross-origin sheet's rules cannot be read: not counted.)
 */
function cssRules(): number {
  let n = 0;
  for (const sheet of document.styleSheets) {
    try {
      n += sheet.cssRules.length;
    } catch {}
  }
  return n;
}

/**
 * Watches the document; the returned function tells whether anything changed so far, and stops
 * watching unless `stop` is false.
 */
function watchChanges(): (stop?: boolean) => boolean {
  let changed = false;
  const rules = cssRules();
  const mark = () => {
    changed = true;
  };
  const observer = new MutationObserver(mark);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  for (const type of CHANGE_EVENTS) addEventListener(type, mark, true);
  return (stop = true) => {
    if (observer.takeRecords().length || cssRules() !== rules) changed = true;
    if (stop) {
      observer.disconnect();
      for (const type of CHANGE_EVENTS) removeEventListener(type, mark, true);
    }
    return changed;
  };
}

/** Finishers of the snapshots being taken in slices. */
const active = new Set<() => void>();

/**
 * The page is being hidden (maybe left): finish every snapshot being sliced now, in this task, so
 * what is sent at exit holds it. A hidden page has no one to feel a long task.
 */
export function finishSnapshots(): void {
  for (const finish of [...active]) finish();
}

export function prepareSnapshot(
  attempt: SnapshotAttempt,
  commit: SnapshotCommit,
  sliceMs = SNAPSHOT_SLICE_MS,
  tries = 1,
): void {
  const changed = watchChanges();
  let steps: Iterator<unknown, unknown> | null = null;
  try {
    steps = attempt();
  } catch {}
  if (!steps) {
    changed();
    commit();
    return;
  }
  let over = false;
  /**
   * Ends this attempt. Its result is committed if the page did not change (checked in the same
   * task as the last step: nothing can change between this check and the commit). Else it starts
   * again after the browser's next frame, when the layout that change needs is done, rather than
   * at once (a scroll offset read would force that layout inside our slice); after MAX_ATTEMPTS,
   * on a hidden page, or when serializing failed, rrweb's synchronous snapshot is taken instead.
   */
  const end = (root: unknown, failed: boolean) => {
    over = true;
    active.delete(finish);
    if (!changed() && !failed) return commit(root);
    if (failed || tries >= MAX_ATTEMPTS || document.visibilityState === "hidden") return commit();
    const now = () => {
      active.delete(now);
      commit();
    };
    active.add(now);
    requestAnimationFrame(() =>
      nextTask().then(() => active.delete(now) && prepareSnapshot(attempt, commit, sliceMs, tries + 1)),
    );
  };
  /** Serializes until `deadline` (performance.now()) or the end, then waits for the next task. */
  const run = (deadline: number, first?: boolean) => {
    if (over) return;
    // A change seen between slices dooms this attempt: end it now rather than serialize on.
    if (!first && deadline < Infinity && changed(false)) return end(undefined, false);
    try {
      for (let n = 1; ; n++) {
        const step = steps.next();
        if (step.done) return end(step.value, false);
        // Reading the clock every 32 nodes keeps it off the profile.
        if (!(n & 31) && performance.now() > deadline) break;
      }
    } catch {
      return end(undefined, true);
    }
    void nextTask().then(() => run(performance.now() + sliceMs));
  };
  const finish = () => run(Infinity);
  active.add(finish);
  run(performance.now() + sliceMs, true);
}

/**
 * Mutations in slices (sdk/rrweb-slim.mjs, sliceMutations): rrweb serializes the nodes a burst
 * added MUTATION_SLICE_MS at a time, each slice sent as its own mutation event, the rest in later
 * tasks. Slices still waiting when the page is hidden are finished with the snapshots.
 */
export const MUTATION_SLICE_MS = 10;

export const mutationSlices = {
  ms: MUTATION_SLICE_MS,
  later(run: (all?: boolean) => void): void {
    const finish = () => {
      active.delete(finish);
      run(true);
    };
    active.add(finish);
    void nextTask().then(() => active.delete(finish) && run());
  },
};

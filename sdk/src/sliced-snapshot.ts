import { nextTask } from "./serialize";

/**
 * Full snapshots in time slices (issue #18 item 3). rrweb serializes the whole page in one task;
 * on a 50k-node page that was the SDK's one long task (seconds on a slow machine). Our build of
 * rrweb (sdk/rrweb-slim.mjs) hands each full snapshot to `prepareSnapshot`: `attempt()` returns a
 * generator that serializes one node per step, and this module runs it SNAPSHOT_SLICE_MS at a time between
 * tasks. The result is kept only if nothing that a snapshot reads changed meanwhile (a mutation
 * anywhere in the document, an input, a scroll, the number of CSS rules): then it is exactly what a synchronous snapshot
 * at commit time would hold. Otherwise it tries again, and after MAX_ATTEMPTS leaves it to
 * rrweb's synchronous snapshot (commit()), correct but one long task, as before.
 */

export const SNAPSHOT_SLICE_MS = 8;
export const MAX_ATTEMPTS = 3;

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
  for (const sheet of Array.from(document.styleSheets)) {
    try {
      n += sheet.cssRules.length;
    } catch {}
  }
  return n;
}

/** Watches the document; the returned function stops and tells whether anything changed. */
function watchChanges(): () => boolean {
  let changed = false;
  const rules = cssRules();
  const mark = () => {
    changed = true;
  };
  const observer = new MutationObserver(mark);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  for (const type of CHANGE_EVENTS) addEventListener(type, mark, true);
  return () => {
    if (observer.takeRecords().length || cssRules() !== rules) changed = true;
    observer.disconnect();
    for (const type of CHANGE_EVENTS) removeEventListener(type, mark, true);
    return changed;
  };
}

export function prepareSnapshot(
  attempt: SnapshotAttempt,
  commit: SnapshotCommit,
  sliceMs = SNAPSHOT_SLICE_MS,
  tries = 1,
): void {
  void (async () => {
    const changed = watchChanges();
    let root: unknown;
    try {
      const steps = attempt();
      if (!steps) return commit();
      let sliceEnd = performance.now() + sliceMs;
      for (let n = 1; ; n++) {
        const step = steps.next();
        if (step.done) {
          root = step.value;
          break;
        }
        // Reading the clock every 32 nodes keeps it off the profile.
        if (!(n & 31) && performance.now() > sliceEnd) {
          await nextTask();
          sliceEnd = performance.now() + sliceMs;
        }
      }
    } catch {
      changed();
      return commit();
    }
    // Same task as the last step: nothing can change between this check and the commit.
    if (!changed()) return commit(root);
    if (tries < MAX_ATTEMPTS) prepareSnapshot(attempt, commit, sliceMs, tries + 1);
    else commit();
  })();
}

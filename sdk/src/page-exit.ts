import { nextTask } from "./serialize";

export interface ExitCut {
  /** The page may be leaving: cut a batch in the next task, with whatever arrived until then. */
  soon(): void;
  /** The caller cuts now itself (pagehide): the pending cut is not needed. */
  cancel(): void;
}

/**
 * One batch for everything a page sends while it is being hidden. The recorder's own
 * visibilitychange listener runs first; web-vitals' listeners then report LCP, CLS and INP, each
 * asking for a flush. Cut at each request, every vital left as a one-event batch of its own; cut
 * in the next task, after the event's every listener ran, they leave together. A message task,
 * not a timer: a hidden page's timers may be held back for up to a second.
 */
export function exitCut(cut: () => void, defer: () => Promise<void> = nextTask): ExitCut {
  let due = false;
  return {
    soon() {
      if (due) return;
      due = true;
      void defer().then(() => {
        if (!due) return;
        due = false;
        cut();
      });
    },
    cancel() {
      due = false;
    },
  };
}

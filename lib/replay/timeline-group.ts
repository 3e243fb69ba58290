import type { TimelineItem } from "./timeline";

/**
 * Runs of identical timeline items — the same kind and text one after another, as five clicks on
 * "Add to cart" or a request retried — shown as one row with a count ("Click on button “Add to
 * cart” ×5") that opens onto its members. Pure, so the player and the tests group alike.
 */
export interface TimelineGroup {
  /** The run's first item: where the row seeks to. */
  item: TimelineItem;
  count: number;
  members: TimelineItem[];
}

/** What makes two items "the same" to a viewer: what the row shows, not when or the details. */
const sameRow = (a: TimelineItem, b: TimelineItem) =>
  a.kind === b.kind &&
  a.label === b.label &&
  a.signal === b.signal &&
  a.severity === b.severity &&
  a.rating === b.rating;

/** Items at one instant, identical neighbours folded: a click and the signal judged on it. */
function moments(items: readonly TimelineItem[]): TimelineGroup[][] {
  const out: TimelineGroup[][] = [];
  let previous: TimelineItem | undefined;
  for (const item of items) {
    if (previous?.at !== item.at) out.push([]);
    const moment = out.at(-1)!;
    const last = moment.at(-1);
    if (last && sameRow(last.item, item)) {
      last.count++;
      last.members.push(item);
    } else moment.push({ item, count: 1, members: [item] });
    previous = item;
  }
  return out;
}

const sameMoment = (a: TimelineGroup[], b: TimelineGroup[]) =>
  a.length === b.length && a.every((g, i) => sameRow(g.item, b[i]!.item));

/**
 * Groups consecutive identical items, in the order given (the timeline's time order). A click and
 * the signal ingest judged on it share their instant, so four dead clicks on one button alternate
 * "Click", "Dead click", …: runs of identical instants fold row by row, into "Click on … ×4" then
 * "Dead click ×4", instead of eight rows.
 */
export function groupConsecutive(items: readonly TimelineItem[]): TimelineGroup[] {
  const groups: TimelineGroup[] = [];
  let run: TimelineGroup[] | null = null;
  for (const moment of moments(items)) {
    if (run && sameMoment(run, moment)) {
      moment.forEach((g, i) => {
        run![i]!.count += g.count;
        run![i]!.members.push(...g.members);
      });
    } else {
      run = moment;
      groups.push(...moment);
    }
  }
  return groups;
}

/** The row's text: the label, with the run's length when there is more than one. */
export function groupLabel(g: TimelineGroup): string {
  return g.count > 1 ? `${g.item.label} ×${g.count}` : g.item.label;
}

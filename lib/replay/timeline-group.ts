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

/** Groups consecutive identical items, in the order given (the timeline's time order). */
export function groupConsecutive(items: readonly TimelineItem[]): TimelineGroup[] {
  const groups: TimelineGroup[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && sameRow(last.item, item)) {
      last.count++;
      last.members.push(item);
    } else groups.push({ item, count: 1, members: [item] });
  }
  return groups;
}

/** The row's text: the label, with the run's length when there is more than one. */
export function groupLabel(g: TimelineGroup): string {
  return g.count > 1 ? `${g.item.label} ×${g.count}` : g.item.label;
}

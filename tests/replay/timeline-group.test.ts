import { expect, test } from "vitest";
import { buildTimeline, type ReplayEvent } from "@/lib/replay/timeline";
import { groupConsecutive, groupLabel } from "@/lib/replay/timeline-group";

const T0 = 1_700_000_000_000;

/** A page with one button, clicked `clicks` times, then a custom event, then the button once more. */
function recording(clicks: number): ReplayEvent[] {
  const button = {
    type: 2,
    id: 7,
    tagName: "button",
    attributes: {},
    childNodes: [{ type: 3, id: 8, textContent: "Add to cart" }],
  };
  const snapshot = {
    type: 0,
    id: 1,
    childNodes: [{ type: 2, id: 2, tagName: "html", childNodes: [button] }],
  };
  const click = (at: number): ReplayEvent => ({
    type: 3,
    timestamp: at,
    data: { source: 2, type: 2, id: 7 },
  });
  return [
    { type: 4, timestamp: T0, data: { href: "https://shop.test/", width: 800, height: 600 } },
    { type: 2, timestamp: T0 + 1, data: { node: snapshot } },
    ...Array.from({ length: clicks }, (_, i) => click(T0 + 1000 + i * 300)),
    { type: 5, timestamp: T0 + 5000, data: { tag: "checkout_started", payload: {} } },
    click(T0 + 6000),
  ];
}

test("five clicks in a row on one button are one row ×5 that opens onto the five; a later click stands alone", () => {
  const { items } = buildTimeline(recording(5));
  const groups = groupConsecutive(items);
  expect(groups.map(groupLabel)).toEqual([
    "Click on button “Add to cart” ×5",
    "checkout_started",
    "Click on button “Add to cart”",
  ]);
  expect(groups[0]!.members.map((m) => m.at)).toEqual([0, 1, 2, 3, 4].map((i) => T0 + 1000 + i * 300));
  expect(groups[0]!.item.at).toBe(T0 + 1000);
  // Every item is in exactly one group, in order.
  expect(groups.flatMap((g) => g.members)).toEqual(items);
});

test("items differing in what the row shows are not grouped; an empty timeline has no groups", () => {
  const base = {
    kind: "network" as const,
    at: T0,
    label: "HTTP: GET /api - 500",
    severity: "error" as const,
  };
  const groups = groupConsecutive([
    base,
    { ...base, at: T0 + 1 },
    { ...base, at: T0 + 2, severity: "warning" },
    { kind: "signal", at: T0 + 3, label: "Rage click", signal: "rage" },
    { kind: "signal", at: T0 + 4, label: "Rage click", signal: "rage" },
    { kind: "click", at: T0 + 5, label: "Rage click" },
  ]);
  expect(groups.map((g) => g.count)).toEqual([2, 1, 2, 1]);
  expect(groupConsecutive([])).toEqual([]);
});

test("dead clicks in a row on one button fold into “Click ×3” and “Dead click ×3”, not six alternating rows", () => {
  // Clicks 1.5 s apart (too slow for rage), each judged dead by ingest at its own instant; the
  // last click answered something, so it stands alone.
  const events = recording(0).slice(0, 2);
  const at = [1000, 2500, 4000, 5500].map((ms) => T0 + ms);
  for (const t of at) events.push({ type: 3, timestamp: t, data: { source: 2, type: 2, id: 7 } });
  const dead = at.slice(0, 3).map((t) => ({ kind: "dead", at: t }));
  const groups = groupConsecutive(buildTimeline(events, dead).items);
  expect(groups.map(groupLabel)).toEqual([
    "Click on button “Add to cart” ×3",
    "Dead click ×3",
    "Click on button “Add to cart”",
  ]);
  expect(groups[0]!.members.map((m) => m.at)).toEqual(at.slice(0, 3));
  expect(groups[1]!.members.map((m) => m.at)).toEqual(at.slice(0, 3));
  // Every item is in exactly one group.
  expect(groups.flatMap((g) => g.members)).toHaveLength(7);
});

test("a click with its signal and a click without are different moments: nothing folds across them", () => {
  const events = recording(0).slice(0, 2);
  for (const t of [T0 + 1000, T0 + 2500])
    events.push({ type: 3, timestamp: t, data: { source: 2, type: 2, id: 7 } });
  const groups = groupConsecutive(buildTimeline(events, [{ kind: "dead", at: T0 + 2500 }]).items);
  expect(groups.map(groupLabel)).toEqual([
    "Click on button “Add to cart”",
    "Click on button “Add to cart”",
    "Dead click",
  ]);
});

import { beforeAll, expect, test } from "vitest";
import { eventValuesOf, PICKER_VALUES, pageValuesOf } from "@/lib/data/facets";
import type { SeededSession } from "@/lib/seed";
import { seededWorkspace } from "../helpers/seeded";
import { useTempDataDir } from "../helpers/temp-data";

/** The page and event pickers offer the values recorded, each with the sessions that have it. */

let ws: string;
let truth: SeededSession[];

beforeAll(async () => {
  useTempDataDir();
  ({ ws, truth } = await seededWorkspace("Pickers Co", 300, { seed: 11 }));
}, 300_000);

const countBy = (values: (s: SeededSession) => string[]) => {
  const m = new Map<string, number>();
  for (const s of truth) for (const v of new Set(values(s))) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()]
    .map(([value, sessions]) => ({ value, sessions }))
    .sort((a, b) => b.sessions - a.sessions || a.value.localeCompare(b.value))
    .slice(0, PICKER_VALUES);
};

test("page values: every recorded path with its session count, most first", async () => {
  expect(await pageValuesOf(ws)).toEqual(countBy((s) => s.pages));
});

test("event values: custom event names with their session counts, no $ events", async () => {
  const values = await eventValuesOf(ws);
  expect(values).toEqual(countBy((s) => s.events));
  expect(values.some((v) => v.value.startsWith("$"))).toBe(false);
});

test("an empty workspace offers nothing", async () => {
  const { ws: empty } = await seededWorkspace("Empty Co", 0, { seed: 1 });
  expect(await pageValuesOf(empty)).toEqual([]);
  expect(await eventValuesOf(empty)).toEqual([]);
});

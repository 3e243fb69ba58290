import { beforeAll, expect, test } from "vitest";
import { cohortMembers, saveCohort } from "@/lib/data/cohorts";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";
import type { SeededSession } from "@/lib/seed";
import { seededWorkspace } from "../helpers/seeded";
import { useTempDataDir } from "../helpers/temp-data";

/** Cohorts (saved person filters) and `cohort:` in the search language, against the ground truth. */

const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;
let ws: string;
let truth: SeededSession[];

beforeAll(async () => {
  useTempDataDir();
  ({ ws, truth } = await seededWorkspace("Cohort Co", 1500, {
    seed: 9,
    now: NOW,
    spanDays: 30,
    persons: 400,
  }));
  await saveCohort(
    ws,
    { name: "Growth plan", properties: [{ key: "plan", op: "equals", value: "growth" }] },
    { userId: "u" },
  );
  await saveCohort(ws, { name: "New this week", properties: [], firstSeenWithinDays: 7 }, { userId: "u" });
}, 300_000);

async function allIds(q: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await querySessions(ws, parseSearch(q), { sort: "recent", cursor, limit: 100 });
    ids.push(...page.sessions.map((s) => s.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids.sort();
}

test("members follow the definition: a property value, first seen within days, at least N sessions", async () => {
  const growth = new Set(truth.filter((s) => s.props.plan === "growth").map((s) => s.distinctId));
  const { members } = await cohortMembers(
    ws,
    { name: "x", properties: [{ key: "plan", op: "equals", value: "growth" }] },
    NOW,
  );
  expect(new Set(members)).toEqual(growth);

  const first = new Map<string, number>();
  const count = new Map<string, number>();
  for (const s of truth) {
    first.set(s.distinctId, Math.min(first.get(s.distinctId) ?? Infinity, s.startedAt));
    count.set(s.distinctId, (count.get(s.distinctId) ?? 0) + 1);
  }
  const recent = await cohortMembers(
    ws,
    { name: "x", properties: [], firstSeenWithinDays: 7, minSessions: 2 },
    NOW,
  );
  const want = [...first.entries()]
    .filter(([id, t]) => t >= NOW - 7 * DAY && count.get(id)! >= 2)
    .map(([id]) => id);
  expect(recent.members.sort()).toEqual(want.sort());

  const notGrowth = await cohortMembers(
    ws,
    { name: "x", properties: [{ key: "plan", op: "not_equals", value: "growth" }] },
    NOW,
  );
  expect(notGrowth.members.some((m) => growth.has(m))).toBe(false);
  expect(notGrowth.members.length).toBe(new Set(truth.map((s) => s.distinctId)).size - growth.size);
});

test("cohort: in a search gives exactly the cohort's sessions, alone, combined and negated", async () => {
  const growth = (s: SeededSession) => s.props.plan === "growth";
  const ids = (f: (s: SeededSession) => boolean) =>
    truth
      .filter(f)
      .map((s) => s.id)
      .sort();
  expect(await allIds(`cohort:"Growth plan"`)).toEqual(ids(growth));
  expect(await allIds(`cohort:"growth plan" device:mobile`)).toEqual(
    ids((s) => growth(s) && s.device === "mobile"),
  );
  expect(await allIds(`-cohort:"Growth plan" has:errors`)).toEqual(ids((s) => !growth(s) && s.errors > 0));
  expect(await allIds(`cohort:"No such cohort"`)).toEqual([]);
  expect(printSearch(parseSearch(`cohort:"Growth plan"`))).toBe(`cohort:"Growth plan"`);
});

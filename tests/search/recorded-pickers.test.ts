import { beforeAll, expect, test } from "vitest";
import {
  eventValuesOf,
  PICKER_PERSONS,
  PICKER_VALUES,
  pageValuesOf,
  personValuesOf,
  propertyValuesOf,
  tagValuesOf,
} from "@/lib/data/facets";
import { listPersons } from "@/lib/data/persons";
import { addTag } from "@/lib/data/tags";
import { personName } from "@/lib/person-name";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
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

test("person values: the persons seen most recently, with their sessions", async () => {
  const byPerson = new Map<string, { last: number; sessions: number }>();
  for (const s of truth) {
    const p = byPerson.get(s.distinctId) ?? { last: 0, sessions: 0 };
    byPerson.set(s.distinctId, { last: Math.max(p.last, s.endedAt), sessions: p.sessions + 1 });
  }
  const want = [...byPerson.entries()]
    .sort((a, b) => b[1].last - a[1].last)
    .slice(0, PICKER_PERSONS)
    .map(([value, p]) => ({ value, sessions: p.sessions }));
  expect(await personValuesOf(ws)).toEqual(want);
});

test("typing finds a person by id or by the name shown for an anonymous one", async () => {
  const anon = truth.find((s) => s.distinctId.startsWith("anon-"))!.distinctId;
  const name = personName(anon);
  const byName = await listPersons(ws, { sort: "last", limit: 20, search: name.toLowerCase() });
  expect(byName.persons.map((p) => p.distinctId)).toContain(anon);
  for (const p of byName.persons)
    expect(`${p.distinctId} ${personName(p.distinctId)}`.toLowerCase()).toContain(name.toLowerCase());
  const byId = await listPersons(ws, { sort: "last", limit: 20, search: "user1" });
  expect(byId.persons.length).toBeGreaterThan(0);
  for (const p of byId.persons) expect(p.distinctId).toContain("user1");
});

test("property values: every key and value with the sessions prop:key=value matches", async () => {
  const perKey = new Map<string, Map<string, number>>();
  for (const s of truth)
    for (const [k, v] of Object.entries(s.props)) {
      const m = perKey.get(k) ?? new Map<string, number>();
      perKey.set(k, m);
      m.set(v, (m.get(v) ?? 0) + 1);
    }
  const want = [...perKey.entries()]
    .map(([key, m]) => ({
      key,
      sessions: [...m.values()].reduce((a, b) => a + b, 0),
      values: [...m.entries()]
        .map(([value, sessions]) => ({ value, sessions }))
        .sort((a, b) => b.sessions - a.sessions || a.value.localeCompare(b.value))
        .slice(0, PICKER_VALUES),
    }))
    .sort((a, b) => b.sessions - a.sessions || a.key.localeCompare(b.key));
  const got = await propertyValuesOf(ws);
  expect(got).toEqual(want);
  // Each count is what the search finds for that value.
  const plan = got.find((p) => p.key === "plan")!.values[0]!;
  const found = await querySessions(ws, parseSearch(`prop:plan=${plan.value}`), {
    sort: "recent",
    limit: 500,
  });
  expect(found.sessions).toHaveLength(plan.sessions);
});

test("tag values: the tags in use with their sessions", async () => {
  const [a, b, c] = truth;
  await addTag(ws, a!.id, a!.startedAt, "checkout-bug");
  await addTag(ws, b!.id, b!.startedAt, "checkout-bug");
  await addTag(ws, c!.id, c!.startedAt, "slow");
  expect(await tagValuesOf(ws)).toEqual([
    { value: "checkout-bug", sessions: 2 },
    { value: "slow", sessions: 1 },
  ]);
});

test("an empty workspace offers nothing", async () => {
  const { ws: empty } = await seededWorkspace("Empty Co", 0, { seed: 1 });
  expect(await pageValuesOf(empty)).toEqual([]);
  expect(await eventValuesOf(empty)).toEqual([]);
  expect(await personValuesOf(empty)).toEqual([]);
  expect(await propertyValuesOf(empty)).toEqual([]);
  expect(await tagValuesOf(empty)).toEqual([]);
});

import { beforeAll, expect, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * The rollups' compact spans (lib/data/analytics-rollup-span.ts) and the time-bounded pass that
 * rolls up an older workspace's sessions, on the embedded store.
 */

const NOW = Date.UTC(2026, 10, 20, 12);
const HOUR = 3_600_000;
const DAY = 86_400_000;

beforeAll(() => {
  useTempDataDir();
});

test("a span survives its compact string: counters, histograms and the chart", async () => {
  const { decodeSpan, encodeSpan, spanOfHash } = await import("@/lib/data/analytics-rollup-span");
  const day = Date.UTC(2026, 10, 19);
  const hash = {
    "~v": "7",
    "all|n": "3",
    "all|dur": "90000",
    "all|pg": "5",
    "all|bn": "1",
    "all|er": "0",
    "all|ln": "2",
    "all|l42": "2",
    "all|i3": "1",
    "all|c05": "2",
    "all|c23": "1",
    "device=mobile|n": "1",
    "device=mobile|c05": "1",
    "browser=Firefox|c07": "0",
  };
  const span = spanOfHash(hash, day, true);
  expect(span.v).toBe("7");
  expect(span.cells.get("all")).toMatchObject({ n: 3, dur: 90000, pg: 5, bn: 1, ln: 2 });
  expect(span.chart.get(day + 5 * HOUR)).toEqual(
    new Map([
      ["all", 2],
      ["device=mobile", 1],
    ]),
  );
  const stored = encodeSpan(span, day);
  expect(decodeSpan(stored, "7", day)).toEqual(span);
  // Another version, or a string that is not one, is a miss: the hash is read instead.
  expect(decodeSpan(stored, "8", day)).toBeNull();
  expect(decodeSpan("7|{not json", "7", day)).toBeNull();
  expect(decodeSpan('7|[["all",1]]', "7", day)).toBeNull();
  expect(decodeSpan(null, "7", day)).toBeNull();
});

test("a reader in a new process gets the same figures from the compact strings, and sees new batches", async () => {
  const { createUser } = await import("@/lib/data/users");
  const { createWorkspace } = await import("@/lib/data/workspaces");
  const { bulkWriteSeeded, generateSessions } = await import("@/lib/seed");
  const { readRollups, forgetRollupReads } = await import("@/lib/data/analytics-rollup");
  const user = await createUser({ email: `compact-${Date.now()}@seed.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Compact")).id;
  const sessions = generateSessions(400, { seed: 5, now: NOW, spanDays: 10, persons: 100 });
  await bulkWriteSeeded(ws, sessions.slice(0, 300));
  const range = [NOW - 10 * DAY - 5 * HOUR, NOW + HOUR] as const;
  const first = await readRollups(ws, ...range);
  forgetRollupReads();
  expect(await readRollups(ws, ...range)).toEqual(first);
  expect(first!.cells.get("all")!.n).toBe(300);
  // Written since: the kept spans and strings of the days it touched are of an older version.
  await bulkWriteSeeded(ws, sessions.slice(300));
  const after = await readRollups(ws, ...range);
  expect(after!.cells.get("all")!.n).toBe(400);
  forgetRollupReads();
  expect(await readRollups(ws, ...range)).toEqual(after);
});

test("an older workspace is rolled up over several bounded calls, then reads as the sessions do", async () => {
  const { createUser } = await import("@/lib/data/users");
  const { createWorkspace } = await import("@/lib/data/workspaces");
  const { bulkWriteSeeded, generateSessions } = await import("@/lib/seed");
  const { ensureRollups, readRollups, forgetRollupReads } = await import("@/lib/data/analytics-rollup");
  const { sessionAnalytics } = await import("@/lib/analytics/session-analytics");
  const { kv } = await import("@/lib/storage/kv");
  const user = await createUser({ email: `older-${Date.now()}@seed.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Older")).id;
  await bulkWriteSeeded(ws, generateSessions(250, { seed: 9, now: NOW, spanDays: 10, persons: 60 }));
  // As a workspace from before the rollups: none of their keys.
  const store = await kv();
  const rollupKeys = (await store.scan(`{w:${ws}}:`)).filter((k) => /:ru(:|$)/.test(k));
  expect(rollupKeys.length).toBeGreaterThan(250);
  await store.del(rollupKeys);
  forgetRollupReads();
  const range = [NOW - 10 * DAY, NOW + HOUR] as const;
  expect(await readRollups(ws, ...range)).toBeNull();

  let calls = 0;
  // Each call stops at its time bound after one page of 40: about seven calls for 250 sessions.
  while (!(await ensureRollups(ws, { until: Date.now() + 1, page: 40 }))) {
    calls++;
    expect(calls).toBeLessThan(100);
  }
  expect(calls).toBeGreaterThan(3);
  const filter = { expr: null, after: range[0], before: range[1] };
  const rolled = await sessionAnalytics(ws, filter, { kind: "device" });
  const read = await sessionAnalytics(ws, filter, { kind: "device" }, 3, 50_000, null, "day", {
    rollups: false,
  });
  expect(rolled.rollup).not.toBeNull();
  expect(rolled.overall.sessions).toBe(250);
  expect(rolled.days).toEqual(read.days);
  expect(rolled.segments?.map((s) => [s.value, s.figures.sessions])).toEqual(
    read.segments?.map((s) => [s.value, s.figures.sessions]),
  );
});

test("the page's kept detail (persons, paths) is worked out again after a batch in its range", async () => {
  const { createUser } = await import("@/lib/data/users");
  const { createWorkspace } = await import("@/lib/data/workspaces");
  const { generateSessions, writeSession } = await import("@/lib/seed");
  const { sessionAnalytics } = await import("@/lib/analytics/session-analytics");
  const user = await createUser({ email: `detail-${Date.now()}@seed.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Detail")).id;
  const sessions = generateSessions(60, { seed: 8, now: NOW, spanDays: 5, persons: 30 });
  for (const s of sessions.slice(0, 40)) await writeSession(ws, s);
  const filter = { expr: null, after: NOW - 6 * DAY, before: NOW + HOUR };
  const perSession = () =>
    sessionAnalytics(ws, filter, { kind: "none" }, 3, 50_000, null, "day", { rollups: false });
  const before = await sessionAnalytics(ws, filter, { kind: "none" });
  // Opened again with nothing written: the same detail, not read again.
  expect((await sessionAnalytics(ws, filter, { kind: "none" })).paths).toBe(before.paths);
  expect(before.overall.persons).toBe((await perSession()).overall.persons);
  for (const s of sessions.slice(40)) await writeSession(ws, s);
  const after = await sessionAnalytics(ws, filter, { kind: "none" });
  const truth = await perSession();
  expect(after.overall.sessions).toBe(60);
  expect(after.overall.persons).toBe(truth.overall.persons);
  expect(after.paths).toEqual(truth.paths);
});

test("a session left stale (its lease held past the wait) is brought up to date by the next reader", async () => {
  const { createUser } = await import("@/lib/data/users");
  const { createWorkspace } = await import("@/lib/data/workspaces");
  const { generateSessions, writeSession } = await import("@/lib/seed");
  const { readRollups } = await import("@/lib/data/analytics-rollup");
  const { kv } = await import("@/lib/storage/kv");
  const user = await createUser({ email: `stale-${Date.now()}@seed.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Stale")).id;
  const [a, b] = generateSessions(2, { seed: 4, now: NOW, spanDays: 2, persons: 2 });
  await writeSession(ws, a!);
  const range = [NOW - 3 * DAY, NOW + HOUR] as const;
  expect((await readRollups(ws, ...range))!.cells.get("all")!.n).toBe(1);
  // Another writer holds b's lease: its rollup step gives up after the wait and marks it stale.
  const store = await kv();
  await store.set(`{w:${ws}}:s:${b!.id}:ru-lease`, "another writer", { px: 60_000 });
  await writeSession(ws, b!);
  expect(await store.smembers(`{w:${ws}}:ru:stale`)).toEqual([b!.id]);
  await store.del(`{w:${ws}}:s:${b!.id}:ru-lease`);
  expect((await readRollups(ws, ...range))!.cells.get("all")!.n).toBe(2);
  expect(await store.smembers(`{w:${ws}}:ru:stale`)).toEqual([]);
}, 60_000);

import { beforeAll, expect, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { checkRollups, deleteSomeAndCheck, type RollupCorpus, seedRollupCorpus } from "./rollup-exactness";

/** The Analytics page's hourly rollups equal the per-session figures, on the embedded store. */

const NOW = Date.UTC(2026, 10, 20, 12);
let corpus: RollupCorpus;

beforeAll(async () => {
  useTempDataDir();
  corpus = await seedRollupCorpus(600, NOW);
}, 300_000);

test("rollups equal the sessions' figures: multi-batch, out of order, replayed and retried batches", async () => {
  expect(await checkRollups(corpus)).toBeGreaterThan(600);
}, 300_000);

test("deleting sessions takes their contribution back", async () => {
  expect(await deleteSomeAndCheck(corpus)).toBeGreaterThan(500);
}, 300_000);

test("the bulk seeder leaves the figures ingest's write path does", async () => {
  const { createUser } = await import("@/lib/data/users");
  const { createWorkspace } = await import("@/lib/data/workspaces");
  const { bulkWriteSeeded, generateSessions, writeSession } = await import("@/lib/seed");
  const { sessionAnalytics } = await import("@/lib/analytics/session-analytics");
  const user = await createUser({ email: `bulk-${Date.now()}@seed.test`, name: "" });
  const [viaIngest, viaBulk] = [
    (await createWorkspace(user.id, "Via ingest")).id,
    (await createWorkspace(user.id, "Via bulk")).id,
  ];
  const sessions = generateSessions(300, { seed: 3, now: NOW, spanDays: 10, persons: 80 });
  for (let i = 0; i < sessions.length; i += 50)
    await Promise.all(sessions.slice(i, i + 50).map((s) => writeSession(viaIngest, s)));
  await bulkWriteSeeded(viaBulk, sessions);
  // Whole records the list reads, too.
  const { querySessions } = await import("@/lib/search/engine");
  const { parseSearch } = await import("@/lib/search/parse");
  const listed = await querySessions(viaBulk, parseSearch(""), { sort: "recent", limit: 100 });
  expect(listed.sessions).toHaveLength(100);
  const range = { expr: null, after: NOW - 10 * 86_400_000, before: NOW };
  for (const rollups of [true, false]) {
    const [a, b] = await Promise.all(
      [viaIngest, viaBulk].map((ws) =>
        sessionAnalytics(ws, range, { kind: "device" }, 3, 50_000, null, "day", { rollups }),
      ),
    );
    expect(b!.overall.sessions).toBe(300);
    expect(b!.overall).toEqual(a!.overall);
    expect(b!.days).toEqual(a!.days);
    expect(b!.segments).toEqual(a!.segments);
    expect(b!.paths).toEqual(a!.paths);
  }
}, 300_000);

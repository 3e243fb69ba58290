import { beforeAll, expect, test } from "vitest";
import { lastJobRun } from "@/lib/data/retention-runs";
import { runScheduledPurge, SCHEDULER_INTERVAL_MS } from "@/lib/retention/schedule";
import { kv } from "@/lib/storage/kv";
import { useTempDataDir } from "../helpers/temp-data";

/** N instances on one store each run the hourly timer: the purge runs once per period among them. */

beforeAll(() => {
  useTempDataDir();
});

test("three instances ticking in one period run the purge once; the next period runs it again", async () => {
  if (process.env.REWIND_TEST_KV === "cluster") expect((await kv()).location).toMatch(/\(cluster\)/);
  // A period of its own per run, so the test also holds on a store shared with earlier runs.
  const period =
    (Math.floor(Date.now() / SCHEDULER_INTERVAL_MS) + 1000 + Math.floor(Math.random() * 1e6)) *
    SCHEDULER_INTERVAL_MS;
  const quiet = { log: () => {}, workspaceIds: [] };
  const ticks = await Promise.all([0, 1, 2].map((i) => runScheduledPurge(period + i * 1000, quiet)));
  expect(ticks.filter((r) => r !== null)).toHaveLength(1);
  expect(ticks.find((r) => r !== null)?.ran).toBe(true);
  expect(await runScheduledPurge(period + SCHEDULER_INTERVAL_MS - 1, quiet)).toBeNull();
  const next = await runScheduledPurge(period + SCHEDULER_INTERVAL_MS, quiet);
  expect(next?.ran).toBe(true);
  expect((await lastJobRun())?.finishedAt).not.toBeNull();
});

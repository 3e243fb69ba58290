import { beforeAll, describe, expect, inject, test } from "vitest";
import { checkRollups, type RollupCorpus, seedRollupCorpus } from "../analytics/rollup-exactness";
import { pointKvAtCluster, useTempDataDir } from "../helpers/temp-data";

/** The rollup check on a Redis Cluster: every rollup key shares the workspace's hash slot. */

const NOW = Date.UTC(2026, 10, 20, 12);
let corpus: RollupCorpus;

describe.skipIf(!inject("redisClusterUrl"))("analytics rollups on a redis cluster", () => {
  beforeAll(async () => {
    useTempDataDir();
    pointKvAtCluster();
    corpus = await seedRollupCorpus(300, NOW);
  }, 300_000);

  test("rollups equal the sessions' figures on a cluster", async () => {
    const { kv } = await import("@/lib/storage/kv");
    expect((await kv()).location).toMatch(/\(cluster\)/);
    expect(await checkRollups(corpus)).toBeGreaterThan(300);
  }, 300_000);
});

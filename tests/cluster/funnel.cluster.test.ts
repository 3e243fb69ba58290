import { beforeAll, describe, expect, inject, test } from "vitest";
import { type Corpus, checkFunnels, seedFunnelCorpus } from "../analytics/funnel-exactness";
import { pointKvAtCluster, useTempDataDir } from "../helpers/temp-data";

/** The funnel exactness check with the events store on a Redis Cluster. */

const NOW = Date.UTC(2026, 10, 20);
let corpus: Corpus;

describe.skipIf(!inject("redisClusterUrl"))("funnels on a redis cluster", () => {
  beforeAll(async () => {
    useTempDataDir();
    pointKvAtCluster();
    corpus = await seedFunnelCorpus(1500, NOW);
  }, 300_000);

  test("20 random funnels match the brute force on a cluster", async () => {
    const { kv } = await import("@/lib/storage/kv");
    expect((await kv()).location).toMatch(/\(cluster\)/);
    expect(await checkFunnels(corpus, 20)).toBeGreaterThan(1000);
  }, 300_000);
});

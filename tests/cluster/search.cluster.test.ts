import { beforeAll, describe, expect, inject, test } from "vitest";
import type { SeededSession } from "@/lib/seed";
import { pointKvAtCluster, useTempDataDir } from "../helpers/temp-data";
import { checkCombinations, seedCorpus } from "../search/exactness";

/** The list engine's exactness check (every search key, every sort, every page) on a Redis Cluster. */

const NOW = Date.UTC(2026, 10, 20);
let ws: string;
let truth: SeededSession[];

describe.skipIf(!inject("redisClusterUrl"))("query engine on a redis cluster", () => {
  beforeAll(async () => {
    useTempDataDir();
    pointKvAtCluster();
    ({ ws, truth } = await seedCorpus(3000, NOW));
  }, 300_000);

  test("80 random filter and sort combinations give exactly the brute-force results, on every page", async () => {
    const { kv } = await import("@/lib/storage/kv");
    expect((await kv()).location).toMatch(/\(cluster\)/);
    expect(await checkCombinations(ws, truth, NOW, { from: 0, to: 80 })).toBeGreaterThan(80);
  }, 600_000);
});

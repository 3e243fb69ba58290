import { beforeAll, describe, expect, inject, test } from "vitest";
import type { SeededSession } from "@/lib/seed";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { checkCombinations, seedCorpus } from "./exactness";

/** The same exactness check with the session indexes on a real Redis. */

const redisUrl = inject("redisUrl");
const NOW = Date.UTC(2026, 10, 20);
let ws: string;
let truth: SeededSession[];

describe.skipIf(!redisUrl)("query engine on redis", () => {
  beforeAll(async () => {
    useTempDataDirOnRedis();
    ({ ws, truth } = await seedCorpus(10_000, NOW));
  }, 300_000);

  test("100 random filter and sort combinations, not the other driver's, give exactly the brute-force results, on every page", async () => {
    const { kv } = await import("@/lib/storage/kv");
    expect((await kv()).driver).toBe("redis");
    const pages = await checkCombinations(ws, truth, NOW, { from: 100, to: 200 });
    expect(pages).toBeGreaterThan(100);
  }, 600_000);
});

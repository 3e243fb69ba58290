import { beforeAll, describe, expect, inject, test } from "vitest";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { type Corpus, checkFunnels, seedFunnelCorpus } from "./funnel-exactness";

/** The same funnel exactness check with the events store on a real Redis. */

const redisUrl = inject("redisUrl");
const NOW = Date.UTC(2026, 10, 20);
let corpus: Corpus;

describe.skipIf(!redisUrl)("funnels on redis", () => {
  beforeAll(async () => {
    useTempDataDirOnRedis();
    corpus = await seedFunnelCorpus(5000, NOW);
  }, 300_000);

  test("40 random funnels match the brute force on redis", async () => {
    const { kv } = await import("@/lib/storage/kv");
    expect((await kv()).driver).toBe("redis");
    expect(await checkFunnels(corpus, 40)).toBeGreaterThan(5000);
  }, 300_000);
});

import { beforeAll, describe, expect, inject, test } from "vitest";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { checkRollups, deleteSomeAndCheck, type RollupCorpus, seedRollupCorpus } from "./rollup-exactness";

/** The same rollup check with the KV on a real Redis. */

const NOW = Date.UTC(2026, 10, 20, 12);
let corpus: RollupCorpus;

describe.skipIf(!inject("redisUrl"))("analytics rollups on redis", () => {
  beforeAll(async () => {
    useTempDataDirOnRedis();
    corpus = await seedRollupCorpus(600, NOW);
  }, 300_000);

  test("rollups equal the sessions' figures on redis", async () => {
    const { kv } = await import("@/lib/storage/kv");
    expect((await kv()).driver).toBe("redis");
    expect(await checkRollups(corpus)).toBeGreaterThan(600);
    expect(await deleteSomeAndCheck(corpus)).toBeGreaterThan(500);
  }, 300_000);
});

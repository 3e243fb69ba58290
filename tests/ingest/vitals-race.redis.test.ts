import { beforeAll, describe, expect, inject, test } from "vitest";
import { kv } from "@/lib/storage/kv";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { checkConcurrentVitals } from "./vitals-race";

const redisUrl = inject("redisUrl");

describe.skipIf(!redisUrl)("on redis", () => {
  beforeAll(() => {
    useTempDataDirOnRedis();
  });

  test("two batches of one session finishing together: the p75 covers both (redis)", async () => {
    expect((await kv()).driver).toBe("redis");
    await checkConcurrentVitals();
  }, 60_000);
});

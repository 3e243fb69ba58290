import { beforeAll, describe, inject, test } from "vitest";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { checkRateLimits } from "./ratelimit-check";

const redisUrl = inject("redisUrl");

describe.skipIf(!redisUrl)("rate limits on redis", () => {
  beforeAll(() => {
    useTempDataDirOnRedis();
  });

  test("limits count atomically with their expiry, per subject (redis)", async () => {
    await checkRateLimits();
  });
});

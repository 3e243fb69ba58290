import { beforeAll, describe, inject, test } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { useTempDataDir } from "../helpers/temp-data";
import { checkRateLimits } from "./ratelimit-check";

const redisUrl = inject("redisUrl");

describe.skipIf(!redisUrl)("rate limits on redis", () => {
  beforeAll(() => {
    useTempDataDir();
    process.env.REDIS_URL = redisUrl!;
    resetEnvCache();
  });

  test("limits count atomically with their expiry, per subject (redis)", async () => {
    await checkRateLimits();
  });
});

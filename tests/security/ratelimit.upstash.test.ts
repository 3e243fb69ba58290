import { afterAll, beforeAll, describe, inject, test } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { useTempDataDir } from "../helpers/temp-data";
import { startUpstashBridge, type UpstashBridge } from "../helpers/upstash-bridge";
import { checkRateLimits } from "./ratelimit-check";

const redisUrl = inject("redisUrl");

describe.skipIf(!redisUrl)("rate limits on upstash", () => {
  let bridge: UpstashBridge;
  beforeAll(async () => {
    useTempDataDir();
    bridge = await startUpstashBridge(redisUrl!);
    process.env.UPSTASH_REDIS_REST_URL = bridge.url;
    process.env.UPSTASH_REDIS_REST_TOKEN = bridge.token;
    resetEnvCache();
  });
  afterAll(() => bridge?.close());

  test("limits count atomically with their expiry, per subject (upstash)", async () => {
    await checkRateLimits();
  });
});

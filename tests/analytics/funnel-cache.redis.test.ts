import { beforeAll, describe, inject } from "vitest";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { funnelCacheScenario } from "./funnel-cache-scenario";

/** What a funnel keeps between runs never outlives a change (./funnel-cache-scenario.ts), on Redis. */

describe.skipIf(!inject("redisUrl"))("funnel caches on redis", () => {
  beforeAll(() => {
    useTempDataDirOnRedis();
  });
  funnelCacheScenario();
});

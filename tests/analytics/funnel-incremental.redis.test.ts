import { beforeAll, describe, inject } from "vitest";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { funnelIncrementalScenario } from "./funnel-incremental-scenario";

/** A funnel recomputed for the persons a change touched equals one from scratch (./funnel-incremental-scenario.ts), on Redis. */

describe.skipIf(!inject("redisUrl"))("incremental funnels on redis", () => {
  beforeAll(() => {
    useTempDataDirOnRedis();
  });
  funnelIncrementalScenario();
});

import { beforeAll } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { funnelCacheScenario } from "./funnel-cache-scenario";

/** What a funnel keeps between runs never outlives a change (./funnel-cache-scenario.ts), embedded. */

beforeAll(() => {
  useTempDataDir();
});
funnelCacheScenario();

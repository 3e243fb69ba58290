import { beforeAll } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { funnelIncrementalScenario } from "./funnel-incremental-scenario";

/** A funnel recomputed for the persons a change touched equals one from scratch (./funnel-incremental-scenario.ts), embedded. */

beforeAll(() => {
  useTempDataDir();
});
funnelIncrementalScenario();

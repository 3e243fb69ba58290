import { beforeAll, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { checkConcurrentVitals } from "./vitals-race";

beforeAll(() => {
  useTempDataDir();
});

test("two batches of one session finishing together: the p75 covers both (embedded)", async () => {
  await checkConcurrentVitals();
}, 60_000);

import { beforeAll, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { checkRateLimits } from "./ratelimit-check";

beforeAll(() => {
  useTempDataDir();
});

test("limits count atomically with their expiry, per subject (embedded)", async () => {
  await checkRateLimits();
});

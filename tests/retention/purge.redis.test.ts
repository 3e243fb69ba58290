import { beforeAll, describe, inject, test } from "vitest";
import { useTempDataDirOnRedis } from "../helpers/temp-data";
import { checkRetentionPurge } from "./purge-check";

const redisUrl = inject("redisUrl");

describe.skipIf(!redisUrl)("retention purge on redis", () => {
  beforeAll(() => {
    useTempDataDirOnRedis();
  });

  test("the purge leaves exactly the unexpired sessions, also after a crash (redis + local blobs)", async () => {
    await checkRetentionPurge({ shared: true });
  }, 120_000);
});

import { beforeAll, describe, inject, test } from "vitest";
import { pointKvAtCluster, useTempDataDir } from "../helpers/temp-data";
import { checkRetentionPurge } from "../retention/purge-check";

describe.skipIf(!inject("redisClusterUrl"))("retention purge on a redis cluster", () => {
  beforeAll(() => {
    useTempDataDir();
    pointKvAtCluster();
  });

  test("the purge leaves exactly the unexpired sessions, also after a crash (cluster + local blobs)", async () => {
    await checkRetentionPurge({ shared: true });
  }, 120_000);
});

import { beforeAll, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { checkRetentionPurge } from "./purge-check";

beforeAll(() => {
  useTempDataDir();
});

test("the purge leaves exactly the unexpired sessions, also after a crash (embedded + local blobs)", async () => {
  await checkRetentionPurge();
}, 120_000);

import { describe, inject } from "vitest";
import { requestSearchSuite } from "./requests-suite";

/** The same request searches with the session indexes on a real Redis. */

const redisUrl = inject("redisUrl");

describe.skipIf(!redisUrl)("searching by request on redis", () => {
  requestSearchSuite(redisUrl ?? undefined);
});

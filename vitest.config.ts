import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The app-level suites that run a second time with the KV on a real Redis Cluster (the "cluster"
 * project; tests/helpers/temp-data.ts points them at it). Search, funnels and the retention
 * purge have their own cluster files in tests/cluster/.
 */
const ON_CLUSTER = [
  "tests/accounts/signup.test.ts",
  "tests/accounts/workspaces.test.ts",
  "tests/accounts/invites.test.ts",
  "tests/share/shares.test.ts",
  "tests/analytics/persons.test.ts",
  "tests/ingest/ingest-route.test.ts",
  "tests/ingest/exactly-once.test.ts",
  "tests/replay/checkpoints.test.ts",
  "tests/replay/chunk-loader.test.ts",
  "tests/retention/schedule.test.ts",
  "tests/integrations/notifications.test.ts",
];
const clusterAvailable =
  Boolean(process.env.REDIS_CLUSTER_URL) ||
  spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

/**
 * Test tiers (docs/ARCHITECTURE.md §8), one vitest project each, run in this order by `npm test`:
 * - unit: library code against real stores, in-process; no build, no browser (tests/**, sdk/test/**).
 * - routes: files that call route handlers from app/ in-process (an import of `@/app/…`), checking
 *   the HTTP contract: statuses, the error shape, headers. Found by that import, so a new route test
 *   joins the tier without a list to keep.
 * - cluster: ON_CLUSTER again, with the KV on a Redis Cluster.
 * - e2e: e2e/**, which build the app and drive it with Chromium.
 */
const ROUTE_TESTS = (readdirSync("tests", { recursive: true }) as string[])
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `tests/${f.split("\\").join("/")}`)
  .filter((f) => /from "@\/app\//.test(readFileSync(f, "utf8")))
  .sort();

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    globalSetup: ["tests/global-setup.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts", "sdk/test/**/*.test.ts"],
          exclude: ROUTE_TESTS,
          sequence: { groupOrder: 1 },
        },
      },
      { extends: true, test: { name: "routes", include: ROUTE_TESTS, sequence: { groupOrder: 2 } } },
      ...(clusterAvailable
        ? [
            {
              extends: true as const,
              test: {
                name: "cluster",
                include: ON_CLUSTER,
                env: { REWIND_TEST_KV: "cluster" },
                sequence: { groupOrder: 3 },
              },
            },
          ]
        : []),
      { extends: true, test: { name: "e2e", include: ["e2e/**/*.test.ts"], sequence: { groupOrder: 4 } } },
    ],
  },
});

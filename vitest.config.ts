import { spawnSync } from "node:child_process";
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
  "tests/replay/checkpoints.test.ts",
  "tests/replay/chunk-loader.test.ts",
  "tests/retention/schedule.test.ts",
];
const clusterAvailable =
  Boolean(process.env.REDIS_CLUSTER_URL) ||
  spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

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
          name: "default",
          include: ["tests/**/*.test.ts", "e2e/**/*.test.ts", "sdk/test/**/*.test.ts"],
        },
      },
      ...(clusterAvailable
        ? [
            {
              extends: true as const,
              test: { name: "cluster", include: ON_CLUSTER, env: { REWIND_TEST_KV: "cluster" } },
            },
          ]
        : []),
    ],
  },
});

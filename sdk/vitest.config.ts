import { defineConfig } from "vitest/config";

/**
 * The SDK's own tests: no global setup (no Redis, S3 or worker bundle) and nothing from the app, so
 * `npm run test:sdk` checks sdk/ on its own (issue #20). The root config also runs these files.
 */
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["sdk/test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    // bundle-size.test.ts builds the SDK (esbuild + tsc for the types) in its beforeAll.
    hookTimeout: 120_000,
  },
});

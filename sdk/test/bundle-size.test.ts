import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, expect, test } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const gz = (file: string) => gzipSync(readFileSync(join(root, "public/sdk", file)), { level: 9 }).length;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "sdk/build.mjs")], { cwd: root, stdio: "pipe" });
});

test("the loader stays within 3 KB gzipped", () => {
  expect(gz("loader.js")).toBeLessThanOrEqual(3 * 1024);
});

test("the recorder stays within 30 KB gzipped", () => {
  expect(gz("recorder.js")).toBeLessThanOrEqual(30 * 1024);
});

test("the loader does not carry rrweb: it is fetched only for sampled sessions", () => {
  const loader = readFileSync(join(root, "public/sdk/loader.js"), "utf8");
  expect(loader).not.toMatch(/rr_is_password|MutationBuffer|rrweb/);
  expect(loader).toContain("/sdk/recorder.js");
});

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

// Over the 24 KB goal of issue #18: the privacy scrub pass, the storm guard and the canvas hook
// took it past 30 KB; bringing it down (console/network plugins in a lazy chunk, a record build
// without unused rrweb code) is open work, and this budget only stops it growing further.
test("the recorder stays within 31.5 KB gzipped", () => {
  expect(gz("recorder.js")).toBeLessThanOrEqual(31.5 * 1024);
});

test("the loader does not carry rrweb: it is fetched only for sampled sessions", () => {
  const loader = readFileSync(join(root, "public/sdk/loader.js"), "utf8");
  expect(loader).not.toMatch(/rr_is_password|MutationBuffer|rrweb/);
  expect(loader).toContain("/sdk/recorder.js");
});

test("canvas frames are a separate file of at most 2 KB gzipped, fetched only when canvas is on", () => {
  expect(gz("canvas.js")).toBeLessThanOrEqual(2 * 1024);
  expect(readFileSync(join(root, "public/sdk/canvas.js"), "utf8")).toContain("image/webp");
  expect(readFileSync(join(root, "public/sdk/recorder.js"), "utf8")).not.toContain("image/webp");
});

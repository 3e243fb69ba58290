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

// The 24 KB goal of issue #18 (23.94 KB now, 24,512 B of 24,576): rrweb's canvas, font, cross-origin iframe, hooks,
// legacy-mirror, rrdom-node and never-set options' code is cut out (sdk/rrweb-slim.mjs), private
// and internal property names are shortened (sdk/build.mjs) and console/network capture is a lazy
// file. This budget stops it growing back.
test("the recorder stays within 24 KB gzipped", () => {
  expect(gz("recorder.js")).toBeLessThanOrEqual(24 * 1024);
});

test("rrweb's canvas, font and cross-origin iframe code and its enum objects' reads are not in the recorder", () => {
  const recorder = readFileSync(join(root, "public/sdk/recorder.js"), "utf8");
  // The inline canvas worker (its OffscreenCanvas; our gzip worker is the only Blob-URL worker
  // left) and WebGL patching; the parent side of cross-origin iframe messages.
  expect(recorder).not.toMatch(/WebGLVertexArrayObject|OffscreenCanvas|webkitURL/);
  expect(recorder.match(/createObjectURL/g) ?? []).toHaveLength(1);
  expect(recorder).not.toContain("transformCrossOriginEvent");
  // Web-font capture (collectFonts is off) patched FontFace.
  expect(recorder).not.toContain("FontFace");
  // rrweb's enums are read as numbers, not as properties of their objects.
  expect(recorder).not.toMatch(/\.IncrementalSnapshot\b|\.FullSnapshot\b/);
  // Same-origin iframes still record.
  expect(recorder).toContain("isAttachIframe");
});

test("console and network capture are a separate file of at most 2 KB gzipped", () => {
  expect(gz("capture.js")).toBeLessThanOrEqual(2 * 1024);
  const capture = readFileSync(join(root, "public/sdk/capture.js"), "utf8");
  const recorder = readFileSync(join(root, "public/sdk/recorder.js"), "utf8");
  // The XHR hook and the sensitive-header list exist only in the capture file.
  expect(capture).toContain("XMLHttpRequest");
  expect(capture).toContain("set-cookie");
  expect(recorder).not.toContain("set-cookie");
  expect(recorder).toContain("capture.js");
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

// web-vitals' plain build is ~3 KB of it (sdk/src/page-signals.ts names the targets from its
// entries); the rest names elements and forms and ends each single-page-app view's vitals; click
// offsets (sdk/src/click-offset.ts) add ~0.5 KB.
test("Web Vitals, form submissions and click offsets are a separate file of at most 8 KB gzipped", () => {
  expect(gz("signals.js")).toBeLessThanOrEqual(8 * 1024);
  const signals = readFileSync(join(root, "public/sdk/signals.js"), "utf8");
  const recorder = readFileSync(join(root, "public/sdk/recorder.js"), "utf8");
  // web-vitals' observers live only in the signals file; the recorder only knows where it is.
  expect(signals).toContain("largest-contentful-paint");
  expect(recorder).not.toContain("largest-contentful-paint");
  expect(recorder).toContain("signals.js");
});

#!/usr/bin/env node
// Builds the SDK: public/sdk/loader.js and public/sdk/recorder.js for the script tag, and an ESM
// build with types in sdk/dist for bundlers. Prints the gzip -9 sizes against their budgets.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { rrwebSlim } from "./rrweb-slim.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "public", "sdk");
mkdirSync(out, { recursive: true });

export const BUDGETS = {
  "loader.js": 3 * 1024,
  "recorder.js": 25.25 * 1024,
  "canvas.js": 2 * 1024,
  "capture.js": 2 * 1024,
  // 7.35 KB before click offsets (sdk/src/click-offset.ts, +0.52 KB): 8 KB.
  "signals.js": 8 * 1024,
};

const browser = {
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
  plugins: [rrwebSlim],
};
await build({ ...browser, entryPoints: [join(here, "src/loader.ts")], outfile: join(out, "loader.js") });
await build({
  ...browser,
  entryPoints: [join(here, "src/recorder-entry.ts")],
  outfile: join(out, "recorder.js"),
});
// Canvas frames: a separate file the recorder fetches only when canvas recording is on.
await build({
  ...browser,
  entryPoints: [join(here, "src/canvas-entry.ts")],
  outfile: join(out, "canvas.js"),
});
// Console and network capture: fetched only when the workspace turned either on.
await build({
  ...browser,
  entryPoints: [join(here, "src/capture-entry.ts")],
  outfile: join(out, "capture.js"),
});
// Web Vitals (the web-vitals package's attribution build) and form submissions: fetched after
// recording starts, unless the page turned both off.
await build({
  ...browser,
  entryPoints: [join(here, "src/signals-entry.ts")],
  outfile: join(out, "signals.js"),
});
await build({
  entryPoints: [join(here, "src/index.ts"), join(here, "src/react.tsx")],
  outdir: join(here, "dist"),
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2020",
  external: ["react", "react/jsx-runtime"],
  jsx: "automatic",
  logLevel: "warning",
  plugins: [rrwebSlim],
});
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(here, "tsconfig.build.json")],
  { stdio: "inherit" },
);

let over = false;
for (const [file, budget] of Object.entries(BUDGETS)) {
  const bytes = readFileSync(join(out, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  over ||= gz > budget;
  console.log(
    `sdk: ${file.padEnd(12)} ${(bytes.length / 1024).toFixed(1).padStart(6)} KB, gzip ${(gz / 1024).toFixed(2)} KB (budget ${budget / 1024} KB)${gz > budget ? "  OVER BUDGET" : ""}`,
  );
}
if (over && process.argv.includes("--strict")) process.exit(1);

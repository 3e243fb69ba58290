#!/usr/bin/env node
// Summarises V8 CPU profiles (.cpuprofile, from `node --cpu-prof`, e.g. `npm run bench:ingest --
// --profile DIR`): the functions with the most self time, and self time grouped by package, per
// profile. Usage: node bench/ingest-profile.mjs DIR_OR_FILE... [--top 25]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const TOP = topAt === -1 ? 25 : Number(args.splice(topAt, 2)[1]);
const files = args.flatMap((p) =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => join(p, f))
    : [p],
);

/** Where a script comes from: a package, Next's server chunks, node internals, or the app. */
function origin(url) {
  if (!url) return "(native / gc / idle)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg)
    return pkg[1] === "next" && /compiled\/([^/]+)/.test(url)
      ? `next/${/compiled\/([^/]+)/.exec(url)[1]}`
      : pkg[1];
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/.next/")) return "app (.next chunks)";
  if (url.includes("/dist/")) return "ingest worker";
  return url.replace(/^file:\/\//, "");
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // samples[i] was taken timeDeltas[i+1] before the next: attribute each delta to its sample.
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map();
  const pkgs = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const name = `${callFrame.functionName || "(anonymous)"} ${origin(callFrame.url)}:${callFrame.lineNumber + 1}`;
    const label = callFrame.url ? name : callFrame.functionName;
    fns.set(label, (fns.get(label) ?? 0) + us);
    const o = callFrame.url ? origin(callFrame.url) : callFrame.functionName;
    pkgs.set(o, (pkgs.get(o) ?? 0) + us);
  }
  const pct = (us) =>
    `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
  console.log(`\n== ${file}: ${(total / 1e6).toFixed(2)} s sampled`);
  console.log("-- self time by origin");
  for (const [o, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(us)}  ${o}`);
  console.log(`-- top ${TOP} functions by self time`);
  for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(us)}  ${f}`);
}

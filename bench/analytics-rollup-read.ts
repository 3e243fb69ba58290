// bench/analytics-rollup-read: the Analytics page's rollup read at growing workspace sizes, on the
// embedded store (issue #22 item 7). Session records at a million do not fit a run on the shared
// box (~30 ms a session even through the bulk writer), so each size writes only the rollups of N
// generated sessions — their contributions summed in memory and added field by field
// (lib/data/analytics-rollup queueBulkRollups, keepApplied: false) — then times what the page
// reads of them for 30 days: every day hash and the ragged hours' hashes, folded into the cards,
// chart and segments. Same generator, same 30-day span as bench:analytics.
// Usage: npm run bench:analytics-rollups [-- --sizes 10000,100000,1000000 --runs 10]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000,1000000" },
    runs: { type: "string", default: "10" },
  },
});
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "rewind-bench-rollup-"));
const { createUser } = await import("../lib/data/users");
const { createWorkspace } = await import("../lib/data/workspaces");
const { generateSessions } = await import("../lib/seed");
const { queueBulkRollups, readRollups } = await import("../lib/data/analytics-rollup");
const { kv } = await import("../lib/storage/kv");
const { sessionAnalytics } = await import("../lib/analytics/session-analytics");

const DAY = 86_400_000;
const HOUR = 3_600_000;
const RUNS = Math.max(2, Number(values.runs));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

const now = Date.now();
const end = Math.floor(now / HOUR) * HOUR + HOUR;
const rows: string[][] = [];
for (const n of values.sizes.split(",").map(Number)) {
  const user = await createUser({ email: `bench-${Date.now()}@rollup.test`, name: "" });
  const ws = (await createWorkspace(user.id, `Rollups ${n}`)).id;
  const t0 = performance.now();
  const inputs = [];
  for (let offset = 0; offset < n; offset += 5000)
    for (const s of generateSessions(Math.min(5000, n - offset), { seed: offset + 1, now, persons: n / 4 }))
      inputs.push({
        id: s.id,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        fields: {
          distinctId: s.distinctId,
          pageCount: s.pages.length,
          errorCount: s.errors,
          interactionMs: s.interactionMs,
          device: s.device,
          browser: s.browser,
          country: s.country,
        },
      });
  const p = (await kv()).pipeline();
  queueBulkRollups(p, ws, inputs, { keepApplied: false });
  const fields = p.length;
  await p.exec();
  console.log(
    `${n} sessions: rollups written in ${((performance.now() - t0) / 1000).toFixed(0)} s (${fields} rollup fields)`,
  );
  const range = { after: end - 30 * DAY, before: end };
  const queries: [string, () => Promise<unknown>][] = [
    ["rollup read, 30 days", () => readRollups(ws, range.after, range.before)],
    // The page's figures from it: no session records here, so the newest-sessions detail is empty.
    ["cards + chart by day", () => sessionAnalytics(ws, { expr: null, ...range }, { kind: "none" })],
    [
      "cards + chart by hour",
      () => sessionAnalytics(ws, { expr: null, ...range }, { kind: "none" }, 3, 50_000, null, "hour"),
    ],
    ["segments by country", () => sessionAnalytics(ws, { expr: null, ...range }, { kind: "country" })],
  ];
  const times: number[][] = queries.map(() => []);
  for (let i = 0; i <= RUNS; i++)
    for (const [q, [, run]] of queries.entries()) {
      const t = performance.now();
      await run();
      if (i > 0) times[q]!.push(performance.now() - t);
    }
  const before = rows.length;
  for (const [q, [label]] of queries.entries())
    rows.push([
      `embedded · ${label}`,
      String(n),
      pct(times[q]!, 50).toFixed(0),
      pct(times[q]!, 95).toFixed(0),
      pct(times[q]!, 95) < 1000 ? "met (< 1000)" : "NOT met (< 1000)",
    ]);
  // Each size as it is done: the largest may not finish on a busy box.
  for (const row of rows.slice(before)) console.log(row.join("  ·  "));
}
console.log("");
printTable(["store · query", "sessions", "p50 ms", "p95 ms", "p95 goal"], rows);
process.exit(0);

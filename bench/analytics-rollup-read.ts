// bench/analytics-rollup-read: the Analytics page's rollup read at growing workspace sizes, on the
// embedded store and Redis (issue #22 item 7). Session records at a million do not fit a run on the
// shared box, so each size writes only the rollups of N generated sessions — their contributions
// summed in memory and added field by field (lib/data/analytics-rollup queueBulkRollups,
// keepApplied: false) — then times what the page reads of them for 30 days, in the cases a reader
// meets (§4k "Compact spans"):
//   - every span changed: one more session in each day of the range first, so every day and hour
//     hash is read and parsed again (what every read cost before the compact spans);
//   - a new process: the compact strings decoded, nothing kept in memory;
//   - after a new batch: one more session today, the rest kept in memory;
//   - re-opened: nothing written since.
// and the page's figures from it (cards + chart, a segment). Same generator and 30-day span as
// bench:analytics.
// Usage: npm run bench:analytics-rollups [-- --sizes 10000,100000,1000000 --runs 10
//          --embedded 1 --redis 1 --keep DIR]
// --keep DIR keeps the embedded store's data in DIR and remembers each size's workspace there; a
// later run with the same DIR reuses them (and, with REDIS_URL set to a kept redis-server, the
// Redis ones) instead of writing the rollups again.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { onEachStore } from "./stores";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000,1000000" },
    runs: { type: "string", default: "10" },
    embedded: { type: "string", default: "1" },
    redis: { type: "string", default: "1" },
    keep: { type: "string" },
  },
});
const DAY = 86_400_000;
const HOUR = 3_600_000;
const RUNS = Math.max(2, Number(values.runs));
const SIZES = values.sizes.split(",").map(Number);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

/** The workspace holding n sessions' rollups in this store: remembered in --keep, else written now. */
async function rollupWorkspace(store: string, n: number): Promise<{ ws: string; now: number }> {
  const { createUser } = await import("../lib/data/users");
  const { createWorkspace, getWorkspace } = await import("../lib/data/workspaces");
  const { generateSessions } = await import("../lib/seed");
  const { queueBulkRollups } = await import("../lib/data/analytics-rollup");
  const { kv } = await import("../lib/storage/kv");
  const marker = values.keep ? join(values.keep, `bench-rollups-${store}-${n}.ws`) : null;
  if (marker && existsSync(marker)) {
    const [ws, now] = readFileSync(marker, "utf8").trim().split(" ");
    if (ws && (await getWorkspace(ws))) {
      console.log(`${store}: reusing the rollups of ${n} sessions (workspace ${ws})`);
      return { ws, now: Number(now) };
    }
  }
  const now = Date.now();
  const user = await createUser({ email: `bench-${Date.now()}@rollup.test`, name: "" });
  const ws = (await createWorkspace(user.id, `Rollups ${n}`)).id;
  const t0 = performance.now();
  // Generated in parts of 50,000 (the generator builds its persons per call), summed at once.
  const inputs = [];
  for (let o = 0; o < n; o += 50_000)
    for (const s of generateSessions(Math.min(50_000, n - o), { seed: o + 1, now, persons: n / 4 }))
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
    `${store}: rollups of ${n} sessions written in ${((performance.now() - t0) / 1000).toFixed(0)} s (${fields} HINCRBYs)`,
  );
  if (marker) {
    mkdirSync(values.keep!, { recursive: true });
    writeFileSync(marker, `${ws} ${now}`);
  }
  return { ws, now };
}

async function run(store: "embedded" | "redis"): Promise<string[][]> {
  const { queueBulkRollups, readRollups, forgetRollupReads } = await import("../lib/data/analytics-rollup");
  const { kv } = await import("../lib/storage/kv");
  const { sessionAnalytics } = await import("../lib/analytics/session-analytics");
  const rows: string[][] = [];
  for (const n of SIZES) {
    const { ws, now } = await rollupWorkspace(store, n);
    const end = Math.floor(Date.now() / HOUR) * HOUR + HOUR;
    const range = { after: end - 30 * DAY, before: end };
    let extra = 0;
    /** One more session starting at `at` (a new batch's rollup step, in one pipeline). */
    const addSessions = async (ats: number[]) => {
      const p = (await kv()).pipeline();
      queueBulkRollups(
        p,
        ws,
        ats.map((at) => ({
          id: `bench-extra-${now}-${extra++}`,
          startedAt: at,
          endedAt: at + 30_000,
          fields: {
            distinctId: "bench",
            pageCount: 2,
            errorCount: 0,
            device: "desktop",
            browser: "Chrome",
            country: "DE",
          },
        })),
        { keepApplied: false },
      );
      await p.exec();
    };
    const read = () => readRollups(ws, range.after, range.before);
    const queries: [string, () => Promise<unknown>, () => Promise<void>][] = [
      [
        "rollup read · every span changed",
        read,
        () => addSessions(Array.from({ length: 31 }, (_, d) => range.after + d * DAY)),
      ],
      ["rollup read · a new process (compact strings)", read, async () => forgetRollupReads()],
      ["rollup read · after a new batch today", read, () => addSessions([end - HOUR])],
      ["rollup read · re-opened, nothing new", read, async () => {}],
      [
        "cards + chart by day (no detail)",
        () => sessionAnalytics(ws, { expr: null, ...range }, { kind: "none" }),
        async () => {},
      ],
      [
        "segments by country (no detail)",
        () => sessionAnalytics(ws, { expr: null, ...range }, { kind: "country" }),
        async () => {},
      ],
    ];
    const times: number[][] = queries.map(() => []);
    for (let i = 0; i <= RUNS; i++)
      for (const [q, [, query, before]] of queries.entries()) {
        await before();
        const t = performance.now();
        await query();
        if (i > 0) times[q]!.push(performance.now() - t);
      }
    const fresh: string[][] = [];
    for (const [q, [label]] of queries.entries())
      fresh.push([
        `${store} · ${label}`,
        String(n),
        pct(times[q]!, 50).toFixed(0),
        pct(times[q]!, 95).toFixed(0),
        pct(times[q]!, 95) < 1000 ? "met (< 1000)" : "NOT met (< 1000)",
      ]);
    // Each size as it is done: the largest may not finish on a busy box.
    for (const row of fresh) console.log(row.join("  ·  "));
    rows.push(...fresh);
  }
  return rows;
}

const all = await onEachStore(
  { embedded: values.embedded === "0" ? 0 : 1, redis: values.redis === "0" ? 0 : 1 },
  (store) => run(store),
  values.keep,
);
console.log("");
printTable(["store · query", "sessions", "p50 ms", "p95 ms", "p95 goal"], all);
process.exit(0);

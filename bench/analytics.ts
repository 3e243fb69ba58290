// bench/analytics: one seeded workspace, timed as a user clicking around it — the recordings list,
// a filtered search, the Analytics page's queries (7 and 30 days, day / hour / week grains, a
// segment; 30 days by day also as a new process's first open and after a new batch) and a 3-step
// funnel — with p50/p95 and where each stands against issue #22's goals
// (funnel p95 < 300 ms, analytics < 1 s). Prints how long generating the corpus took.
// Usage: npm run bench:analytics [-- --embedded 1000000 --redis 0 --runs 10 --keep DIR --seed bulk|ingest --sampled 0|1]
// Seeding: `bulk` (default) writes whole sessions through lib/data's bulk writer in pipelines of 500
// (the records one batch leaves, without chunks, claims or catalogs; the analytics rollups
// included); `ingest` goes through ingest's write path (lib/seed → applyBatch), 200 in flight.
// --keep DIR reuses an embedded corpus across runs (bench/list.ts does the same). --sampled adds
// the per-session path's rows (on by default up to 20,000 sessions: it reads up to 50,000
// sessions a query).
import { parseArgs } from "node:util";
import type { FunnelQuery } from "../lib/analytics/funnel";
import { seededWorkspace } from "./seeded-workspace";
import { onEachStore } from "./stores";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    embedded: { type: "string", default: "1000000" },
    redis: { type: "string", default: "0" },
    runs: { type: "string", default: "10" },
    keep: { type: "string" },
    seed: { type: "string", default: "bulk" },
    sampled: { type: "string" },
  },
});
const RUNS = Math.max(2, Number(values.runs));
const DAY = 86_400_000;
const HOUR = 3_600_000;
const IN_FLIGHT = 200;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

const FUNNEL: Omit<FunnelQuery, "from" | "to"> = {
  steps: [
    { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
    { kind: "pageview", url: { mode: "equals", value: "/pricing" }, where: [] },
    { kind: "event", name: "checkout_started", where: [] },
  ],
  windowMs: 7 * DAY,
};

/** Goals from issue #22 item 7, by the query's label prefix. */
const GOALS: [string, number][] = [
  ["funnel", 300],
  ["analytics", 1000],
];

async function run(store: string, n: number): Promise<string[][]> {
  const { querySessions } = await import("../lib/search/engine");
  const { parseSearch } = await import("../lib/search/parse");
  const { sessionAnalytics, ANALYTICS_CAP, DETAIL_CAP } = await import("../lib/analytics/session-analytics");
  const { runFunnel } = await import("../lib/analytics/run-funnel");
  const { readRollups } = await import("../lib/data/analytics-rollup");

  const { ws, now, reused, seedSeconds } = await seededWorkspace({
    bench: "analytics",
    store,
    n,
    keep: values.keep,
    inFlight: IN_FLIGHT,
    generate: (now) => ({ now, persons: n / 4 }),
    bulk: values.seed !== "ingest",
  });

  // As the page asks: whole UTC hours through the end of the current one.
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  const range = (days: number) => ({ after: end - days * DAY, before: end });
  const sampled = values.sampled === undefined ? n <= 20_000 : values.sampled === "1";
  const perSession = { rollups: false };
  const { forgetRollupReads, refreshRollup } = await import("../lib/data/analytics-rollup");
  const { forgetAnalyticsDetails } = await import("../lib/analytics/session-analytics");
  const newest = (await querySessions(ws, parseSearch(""), { sort: "recent", limit: 1 })).sessions[0]!.id;
  const byDay30 = () => sessionAnalytics(ws, { expr: null, ...range(30) }, { kind: "none" });
  /** What runs before a query, untimed: the state the page meets. */
  const before = new Map<string, () => Promise<void>>([
    [
      "analytics · 30 days, by day · first open (new process)",
      async () => {
        forgetRollupReads();
        forgetAnalyticsDetails();
      },
    ],
    // The newest session's rollup step again: as a batch does, it bumps its hour's and day's versions.
    ["analytics · 30 days, by day · after a new batch", () => refreshRollup(ws, newest)],
  ]);
  const QUERIES: [string, () => Promise<unknown>][] = [
    ["analytics · 30 days, by day · first open (new process)", byDay30],
    ["analytics · 30 days, by day · after a new batch", byDay30],
    ["list · newest 50", () => querySessions(ws, parseSearch(""), { sort: "recent", limit: 50 })],
    [
      "list · has:errors device:mobile page:/checkout",
      () =>
        querySessions(ws, parseSearch("has:errors device:mobile page:/checkout"), {
          sort: "recent",
          limit: 50,
        }),
    ],
    ["analytics · 7 days, by day", () => sessionAnalytics(ws, { expr: null, ...range(7) }, { kind: "none" })],
    [
      "analytics · 30 days, by day",
      () => sessionAnalytics(ws, { expr: null, ...range(30) }, { kind: "none" }),
    ],
    [
      "analytics · 30 days, by hour",
      () =>
        sessionAnalytics(ws, { expr: null, ...range(30) }, { kind: "none" }, 3, ANALYTICS_CAP, null, "hour"),
    ],
    [
      "analytics · 30 days, by device",
      () => sessionAnalytics(ws, { expr: null, ...range(30) }, { kind: "device" }),
    ],
    [
      "analytics · 30 days, has:errors",
      () => sessionAnalytics(ws, { ...parseSearch("has:errors"), ...range(30) }, { kind: "none" }),
    ],
    [
      "analytics · 30 days, device:mobile",
      () => sessionAnalytics(ws, { ...parseSearch("device:mobile"), ...range(30) }, { kind: "none" }),
    ],
    // The rollups' share of the page: every hour and day hash of the range, no session read.
    ["analytics · 30 days, rollup read alone", () => readRollups(ws, range(30).after, range(30).before)],
    ...(sampled
      ? ([
          // The same figures from the sessions, as the page computed them before the rollups.
          [
            "analytics · 30 days, by day, per-session path",
            () =>
              sessionAnalytics(
                ws,
                { expr: null, ...range(30) },
                { kind: "none" },
                3,
                ANALYTICS_CAP,
                null,
                "day",
                perSession,
              ),
          ],
          // Through the engine's page-by-page walk with whole records (`duration:>=0` matches every
          // session but has no index), as every analytics query did before the exact-index read.
          [
            "analytics · 30 days, by day, engine walk",
            () => sessionAnalytics(ws, { ...parseSearch("duration:>=0"), ...range(30) }, { kind: "none" }),
          ],
        ] as [string, () => Promise<unknown>][])
      : []),
    ["funnel · 3 steps, 30 days", () => runFunnel(ws, { ...FUNNEL, from: now - 30 * DAY, to: now })],
  ];
  // Runs interleaved (query 1, 2, …, then again), so a busy spell on a shared box weighs on every
  // query alike and before/after pairs stay comparable. The first run meets cold caches (planner
  // sizes, index pages): shown on its own.
  const times: number[][] = QUERIES.map(() => []);
  for (let i = 0; i <= RUNS; i++) {
    for (const [q, [label, query]] of QUERIES.entries()) {
      await before.get(label)?.();
      const t = performance.now();
      await query();
      times[q]!.push(performance.now() - t);
    }
  }
  const rows: string[][] = [];
  for (const [q, [label]] of QUERIES.entries()) {
    const [first, ...rest] = times[q]!;
    const goal = GOALS.find(([prefix]) => label.startsWith(prefix))?.[1];
    const p95 = pct(rest, 95);
    rows.push([
      `${store} · ${label}`,
      String(n),
      first!.toFixed(0),
      pct(rest, 50).toFixed(0),
      p95.toFixed(0),
      goal === undefined ? "—" : `${p95 < goal ? "met" : "NOT met"} (< ${goal})`,
    ]);
  }
  if (!reused) console.log(`${store}: seeded at ${(n / Math.max(1, seedSeconds)).toFixed(0)} sessions/s`);
  console.log(
    `${store}: each run first forgets what the process kept, then bumps the newest session's rollups as a batch does, so the other analytics rows are each query's first open after a new batch (its rollup spans kept, its detail read again) — except "30 days, by day", opened again with nothing new; "first" is each query's first run`,
  );
  console.log(
    `${store}: the analytics rows without "per-session" or "engine walk" read the hourly rollups, plus the newest ${DETAIL_CAP} sessions for persons, paths, requests and forms` +
      (sampled && n > ANALYTICS_CAP
        ? `; the per-session rows read at most ${ANALYTICS_CAP} sessions (a sample)`
        : ""),
  );
  return rows;
}

const all = await onEachStore(
  { embedded: Number(values.embedded), redis: Number(values.redis) },
  run,
  values.keep,
);
console.log("");
printTable(["store · query", "sessions", "first ms", "p50 ms", "p95 ms", "p95 goal"], all);
process.exit(0);

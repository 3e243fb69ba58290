// bench/funnel: 3- and 5-step funnels over a generated corpus (~6 events a person over 14 days;
// 165,000 persons ≈ 1M events on each store), read through the hourly snapshots of the event
// indexes (lib/data/event-hours): the first run after seeding (every hour built), then warm runs
// (p50/p95), then one run right after a new batch (the hours it touched rebuilt) — next to the
// per-event read every funnel did before ("before"), and checked against the brute force of
// tests/analytics/funnel-corpus.ts on the corpus's ground truth.
// Usage: npm run bench:funnel [-- --embedded 165000 --redis 165000 --runs 10 --before-runs 2 --ingest]
// (persons; --ingest seeds each batch through applyBatch instead of the bulk writer: ~100× slower)
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { FunnelQuery } from "../lib/analytics/funnel";
import { onEachStore } from "./stores";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    embedded: { type: "string", default: "165000" },
    redis: { type: "string", default: "165000" },
    runs: { type: "string", default: "10" },
    "before-runs": { type: "string", default: "2" },
    ingest: { type: "boolean", default: false },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const BEFORE_RUNS = Math.max(0, Number(values["before-runs"]));
const NOW = Date.UTC(2026, 10, 20);
const DAY = 86_400_000;
const GOAL_MS = 300;

const FUNNELS: [string, Omit<FunnelQuery, "from" | "to">][] = [
  [
    "3 steps",
    {
      steps: [
        { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
        { kind: "event", name: "checkout_started", where: [] },
        { kind: "event", name: "order_completed", where: [] },
      ],
      windowMs: 7 * DAY,
    },
  ],
  [
    "5 steps",
    {
      steps: [
        { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
        { kind: "pageview", url: { mode: "equals", value: "/pricing" }, where: [] },
        { kind: "event", name: "checkout_started", where: [] },
        { kind: "pageview", url: { mode: "prefix", value: "/checkout" }, where: [] },
        { kind: "event", name: "order_completed", where: [] },
      ],
      windowMs: 7 * DAY,
    },
  ],
];

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await f();
  return [performance.now() - t, out];
}

async function run(store: string, persons: number): Promise<string[][]> {
  const { seedFunnelCorpus, bruteForcePerson, ORIGIN } = await import("../tests/analytics/funnel-corpus");
  const { runFunnel } = await import("../lib/analytics/run-funnel");
  const { writeEventBatches } = await import("../lib/data/event-seed");
  const started = Date.now();
  const corpus = await seedFunnelCorpus(persons, NOW, { bulk: !values.ingest });
  console.log(
    `${store}: ${persons} persons, ${corpus.events.length} events seeded in ${((Date.now() - started) / 1000).toFixed(0)} s (${values.ingest ? "applyBatch" : "bulk writer"})`,
  );
  const byPerson = new Map<string, typeof corpus.events>();
  for (const e of corpus.events) {
    const list = byPerson.get(e.person);
    if (list) list.push(e);
    else byPerson.set(e.person, [e]);
  }
  const rows: string[][] = [];
  for (const [label, def] of FUNNELS) {
    const q: FunnelQuery = { ...def, from: corpus.from, to: corpus.to };
    let truth = 0;
    for (const evs of byPerson.values()) if (bruteForcePerson(q, evs)?.length === q.steps.length) truth++;
    const before: number[] = [];
    for (let i = 0; i < BEFORE_RUNS; i++) {
      const [ms, { result }] = await timed(() => runFunnel(corpus.ws, q, { perEvent: true }));
      before.push(ms);
      if (result.steps.at(-1)!.persons !== truth) throw new Error(`${label}: per-event read ≠ brute force`);
    }
    const [cold, first] = await timed(() => runFunnel(corpus.ws, q));
    const times: number[] = [];
    let read = first.result.eventsRead;
    for (let i = 0; i < RUNS; i++) {
      const [ms, { result }] = await timed(() => runFunnel(corpus.ws, q));
      times.push(ms);
      read = result.eventsRead;
      if (result.steps.at(-1)!.persons !== truth)
        throw new Error(`${label}: engine ${result.steps.at(-1)!.persons} ≠ brute force ${truth}`);
    }
    // A live workspace: a visitor's batch lands in the last hour; the next funnel rebuilds that hour.
    const at = corpus.to - 30 * 60_000;
    await writeEventBatches(corpus.ws, [
      {
        sessionId: randomUUID(),
        distinctId: `live-${label}@funnel.test`,
        batchId: randomUUID(),
        startedAt: at,
        device: { browser: "chrome", os: "windows", device: "desktop" },
        country: "DE",
        events: [
          { name: "$pageview", at, url: `${ORIGIN}/`, props: {} },
          { name: "checkout_started", at: at + 1000, props: {} },
        ],
      },
    ]);
    const [afterBatch] = await timed(() => runFunnel(corpus.ws, q));
    const p95 = pct(times, 95);
    rows.push([
      `${store} · ${label}`,
      String(corpus.events.length),
      String(read),
      before.length ? pct(before, 50).toFixed(0) : "—",
      cold.toFixed(0),
      pct(times, 50).toFixed(0),
      p95.toFixed(0),
      afterBatch.toFixed(0),
      p95 < GOAL_MS ? "met" : "not met",
    ]);
  }
  return rows;
}

const all = await onEachStore({ embedded: Number(values.embedded), redis: Number(values.redis) }, run);
console.log("");
printTable(
  [
    "store · funnel",
    "events",
    "events read",
    "before p50 ms",
    "first run ms",
    "p50 ms",
    "p95 ms",
    "after a batch ms",
    `p95 < ${GOAL_MS} ms`,
  ],
  all,
);
process.exit(0);

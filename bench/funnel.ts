// bench/funnel: 3- and 5-step funnels over a generated corpus (~6 events a person over 14 days;
// 165,000 persons ≈ 1M events on each store), read through the hourly snapshots of the event
// indexes (lib/data/event-hours): the first run after seeding (every hour built), then warm runs
// (p50/p95), then five runs each right after a new batch (its span rebuilt, its persons recomputed) — next to the
// per-event read every funnel did before ("before"), and checked against the brute force of
// tests/analytics/funnel-corpus.ts on the corpus's ground truth.
// Usage: npm run bench:funnel [-- --embedded 165000 --redis 165000 --runs 10 --before-runs 2 --ingest --keep DIR]
// (persons; --ingest seeds each batch through applyBatch instead of the bulk writer: ~100× slower;
// --keep DIR keeps the embedded store in DIR and each store's corpus description in
// DIR/funnel-<store>.json, and a later run with the same DIR and sizes reuses the seeded corpus —
// for Redis, that needs the same server: give REDIS_URL of a redis-server you keep running.
// A reused corpus has its stored snapshots deleted first, so "first run" builds every one again.)

import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
    keep: { type: "string" },
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

/** What a later run needs of a seeded corpus: where it is and the brute force's answer per funnel. */
interface KeptCorpus {
  persons: number;
  ws: string;
  from: number;
  to: number;
  events: number;
  /** Persons reaching the last step, per funnel label. */
  truth: Record<string, number>;
}

async function seeded(store: string, persons: number): Promise<KeptCorpus> {
  const { kv } = await import("../lib/storage/kv");
  const { eventKeys } = await import("../lib/data/events");
  const file = values.keep ? join(values.keep, `funnel-${store}.json`) : null;
  if (file && existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, "utf8")) as KeptCorpus;
    const kvs = await kv();
    if (kept.persons === persons && (await kvs.zcard(eventKeys.byName(kept.ws, "$pageview"))) > 0) {
      // The first run is to build every snapshot, as after a fresh seed.
      const snapshots = await kvs.scan(`{w:${kept.ws}}:evx:s:`);
      for (let i = 0; i < snapshots.length; i += 1000) await kvs.del(snapshots.slice(i, i + 1000));
      console.log(`${store}: reusing the corpus in ${file} (${kept.events} events)`);
      return kept;
    }
  }
  const { seedFunnelCorpus, bruteForcePerson } = await import("../tests/analytics/funnel-corpus");
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
  const truth: Record<string, number> = {};
  for (const [label, def] of FUNNELS) {
    const q: FunnelQuery = { ...def, from: corpus.from, to: corpus.to };
    truth[label] = 0;
    for (const evs of byPerson.values())
      if (bruteForcePerson(q, evs)?.length === q.steps.length) truth[label]++;
  }
  const kept = {
    persons,
    ws: corpus.ws,
    from: corpus.from,
    to: corpus.to,
    events: corpus.events.length,
    truth,
  };
  if (file) {
    mkdirSync(values.keep!, { recursive: true });
    writeFileSync(file, JSON.stringify(kept));
  }
  return kept;
}

async function run(store: string, persons: number): Promise<string[][]> {
  const { ORIGIN } = await import("../tests/analytics/funnel-corpus");
  const { runFunnel, clearFinishedFunnels } = await import("../lib/analytics/run-funnel");
  const { clearDecodedEventHours } = await import("../lib/data/event-hours");
  const { clearResolvedPersons } = await import("../lib/data/persons");
  const { writeEventBatches } = await import("../lib/data/event-seed");
  const corpus = await seeded(store, persons);
  /** As a process that has just started: nothing decoded, resolved or finished in memory. */
  const coldProcess = () => {
    clearFinishedFunnels();
    clearDecodedEventHours();
    clearResolvedPersons();
  };
  const rows: string[][] = [];
  for (const [label, def] of FUNNELS) {
    const q: FunnelQuery = { ...def, from: corpus.from, to: corpus.to };
    const truth = corpus.truth[label]!;
    const check = (result: { steps: { persons: number }[] }, what: string) => {
      if (result.steps.at(-1)!.persons !== truth)
        throw new Error(`${label}: ${what} ${result.steps.at(-1)!.persons} ≠ brute force ${truth}`);
    };
    const before: number[] = [];
    for (let i = 0; i < BEFORE_RUNS; i++) {
      const [ms, { result }] = await timed(() => runFunnel(corpus.ws, q, { perEvent: true }));
      before.push(ms);
      check(result, "per-event read");
    }
    coldProcess();
    const [cold, first] = await timed(() => runFunnel(corpus.ws, q));
    check(first.result, "first run");
    // Another process (a restart, a second server): the stored snapshots, nothing in memory.
    coldProcess();
    const [restarted, second] = await timed(() => runFunnel(corpus.ws, q));
    check(second.result, "cold process");
    // The engine over the decoded snapshots, as after any batch elsewhere in the range.
    const engine: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) {
      const [ms, { result }] = await timed(() => runFunnel(corpus.ws, q, { recompute: true }));
      engine.push(ms);
      check(result, "recompute");
    }
    const times: number[] = [];
    let read = first.result.eventsRead;
    for (let i = 0; i < RUNS; i++) {
      const [ms, { result }] = await timed(() => runFunnel(corpus.ws, q));
      times.push(ms);
      read = result.eventsRead;
      check(result, "warm run");
    }
    // A live workspace: visitors' batches land in the last hour; the next funnel rebuilds that hour
    // and recomputes the persons with events in it (a new visitor each time here).
    const afterBatch: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) {
      const at = corpus.to - 30 * 60_000 + i * 1000;
      await writeEventBatches(corpus.ws, [
        {
          sessionId: randomUUID(),
          distinctId: `live-${label}-${randomUUID()}@funnel.test`,
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
      const [ms, after] = await timed(() => runFunnel(corpus.ws, q));
      afterBatch.push(ms);
      check(after.result, "after a batch");
    }
    const p95 = pct(times, 95);
    rows.push([
      `${store} · ${label}`,
      String(corpus.events),
      String(read),
      before.length ? pct(before, 50).toFixed(0) : "—",
      cold.toFixed(0),
      restarted.toFixed(0),
      `${pct(engine, 50).toFixed(0)} / ${pct(engine, 95).toFixed(0)}`,
      pct(times, 50).toFixed(0),
      p95.toFixed(0),
      `${pct(afterBatch, 50).toFixed(0)} / ${pct(afterBatch, 95).toFixed(0)}`,
      p95 < GOAL_MS ? "met" : "not met",
      pct(afterBatch, 95) < GOAL_MS ? "met" : "not met",
    ]);
  }
  return rows;
}

const all = await onEachStore(
  { embedded: Number(values.embedded), redis: Number(values.redis) },
  run,
  values.keep && join(values.keep, "embedded"),
);
console.log("");
printTable(
  [
    "store · funnel",
    "events",
    "events read",
    "before p50 ms",
    "first run ms",
    "cold process ms",
    "recompute p50 / p95 ms",
    "warm p50 ms",
    "warm p95 ms",
    "after a batch p50 / p95 ms",
    `warm p95 < ${GOAL_MS} ms`,
    `after a batch p95 < ${GOAL_MS} ms`,
  ],
  all,
);
process.exit(0);

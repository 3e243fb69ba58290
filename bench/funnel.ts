// bench/funnel: p50/p95 of 3- and 5-step funnels over a generated corpus (~200k events embedded,
// ~1M on redis), next to a brute force on the same data: every event of the workspace read and
// every person's sequences enumerated (what computing a funnel without the by-name index costs).
// Usage: npm run bench:funnel [-- --embedded 33000 --redis 165000 --runs 10]  (persons; ~6 events each)
import { parseArgs } from "node:util";
import type { FunnelQuery } from "../lib/analytics/funnel";
import { onEachStore } from "./stores";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    embedded: { type: "string", default: "33000" },
    redis: { type: "string", default: "165000" },
    runs: { type: "string", default: "10" },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const NOW = Date.UTC(2026, 10, 20);
const DAY = 86_400_000;

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

async function run(store: string, persons: number): Promise<string[][]> {
  const { seedFunnelCorpus, bruteForcePerson } = await import("../tests/analytics/funnel-corpus");
  const { runFunnel } = await import("../lib/analytics/run-funnel");
  const { eventDefinitions, eventsFrom } = await import("../lib/data/events");
  const { sessionFacts } = await import("../lib/data/sessions");
  const started = Date.now();
  const corpus = await seedFunnelCorpus(persons, NOW);
  console.log(
    `${store}: ${persons} persons, ${corpus.events.length} events seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  const rows: string[][] = [];
  for (const [label, def] of FUNNELS) {
    const q: FunnelQuery = { ...def, from: corpus.from, to: corpus.to };
    const times: number[] = [];
    let read = 0;
    let reached = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const { result } = await runFunnel(corpus.ws, q);
      times.push(performance.now() - t);
      read = result.eventsRead;
      reached = result.steps.at(-1)!.persons;
    }
    // The brute force: all events of the workspace, grouped by person, every sequence enumerated.
    const t = performance.now();
    const names = (await eventDefinitions(corpus.ws)).map((d) => d.name);
    const all = (
      await eventsFrom(
        corpus.ws,
        names.map((name) => ({ name })),
        0,
        Number.MAX_SAFE_INTEGER,
      )
    ).flat();
    const facts = await sessionFacts(corpus.ws, [...new Set(all.map((e) => e.sessionId))]);
    const byPerson = new Map<string, typeof corpus.events>();
    for (const e of all) {
      const person = facts.get(e.sessionId)?.distinctId;
      if (!person) continue;
      const list = byPerson.get(person) ?? [];
      list.push({ ...e, person, props: e.props as Record<string, string> });
      byPerson.set(person, list);
    }
    let bruteReached = 0;
    for (const evs of byPerson.values())
      if (bruteForcePerson(q, evs)?.length === q.steps.length) bruteReached++;
    const brute = performance.now() - t;
    if (bruteReached !== reached)
      throw new Error(`${label}: engine ${reached} ≠ brute force ${bruteReached}`);
    rows.push([
      `${store} · ${label}`,
      String(corpus.events.length),
      String(read),
      pct(times, 50).toFixed(0),
      pct(times, 95).toFixed(0),
      brute.toFixed(0),
      (brute / pct(times, 50)).toFixed(1),
    ]);
  }
  return rows;
}

const all = await onEachStore({ embedded: Number(values.embedded), redis: Number(values.redis) }, run);
console.log("");
printTable(
  ["store · funnel", "events", "events read", "p50 ms", "p95 ms", "brute force ms", "brute / p50"],
  all,
);
process.exit(0);

// bench/list: p50/p95 of recordings list queries with 0–3 filters and every sort, next to the
// brute-force scan of all sessions on the same corpus (the ratio the indexes buy).
// Usage: npm run bench:list [-- --embedded 100000 --redis 1000000 --queries 20 --keep DIR]
// Seeding is the slow part (see docs/ARCHITECTURE.md §10); smaller sizes give a quick look, and
// --keep DIR reuses a corpus: the embedded store's file lives in DIR, and with REDIS_URL pointing
// at a server you keep running, DIR remembers which workspace there holds the seeded sessions.
import { parseArgs } from "node:util";
import { seededWorkspace } from "./seeded-workspace";
import { onEachStore } from "./stores";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    embedded: { type: "string", default: "100000" },
    redis: { type: "string", default: "1000000" },
    queries: { type: "string", default: "20" },
    keep: { type: "string" },
  },
});

const QUERIES: [string, string][] = [
  ["0 filters", ""],
  ["1 filter", "has:errors"],
  ["2 filters", "has:errors device:mobile"],
  ["3 filters", "has:errors device:mobile page:/checkout"],
  ["3, one unindexed", "device:mobile country:DE clicks:>20"],
];

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function run(store: string, n: number) {
  const { querySessions, SORT_OPTIONS } = await import("../lib/search/engine");
  const { parseSearch } = await import("../lib/search/parse");
  const { getSessions, recentSessionIds } = await import("../lib/data/sessions");
  const { ws } = await seededWorkspace({ bench: "list", store, n, keep: values.keep, inFlight: 100 });
  const rows: string[][] = [];
  for (const [label, q] of QUERIES) {
    for (const sort of SORT_OPTIONS) {
      // The first run of a search meets cold caches (index pages, planner sizes): shown on its own.
      const times: number[] = [];
      for (let i = 0; i <= Number(values.queries); i++) {
        const t = performance.now();
        await querySessions(ws, parseSearch(q), { sort, limit: 50 });
        times.push(performance.now() - t);
      }
      const [first, ...rest] = times;
      rows.push([
        `${store} · ${label}`,
        sort,
        first!.toFixed(1),
        pct(rest, 50).toFixed(1),
        pct(rest, 95).toFixed(1),
      ]);
    }
  }
  // The brute force: every session loaded and filtered, as a list without indexes would.
  const t = performance.now();
  const ids = await recentSessionIds(ws, n);
  for (let i = 0; i < ids.length; i += 1000) await getSessions(ws, ids.slice(i, i + 1000));
  const scan = performance.now() - t;
  rows.push([`${store} · brute-force scan`, "—", scan.toFixed(0), "", ""]);
  return rows;
}

const all = await onEachStore(
  { embedded: Number(values.embedded), redis: Number(values.redis) },
  run,
  values.keep,
);
console.log("");
printTable(["store · query", "sort", "first ms", "p50 ms", "p95 ms"], all);
console.log("\ngoal: p95 < 100 ms with 3 filters at 100k sessions (embedded) and 1M (redis)");
process.exit(0);

// bench/list: p50/p95 of recordings list queries with 0–3 filters and every sort, next to the
// brute-force scan of all sessions on the same corpus (the ratio the indexes buy).
// Usage: npm run bench:list [-- --embedded 100000 --redis 1000000 --queries 20 --keep DIR]
// Seeding is the slow part (see docs/ARCHITECTURE.md §10); smaller sizes give a quick look, and
// --keep DIR reuses a corpus: the embedded store's file lives in DIR, and with REDIS_URL pointing
// at a server you keep running, DIR remembers which workspace there holds the seeded sessions.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
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
  const { createUser } = await import("../lib/data/users");
  const { createWorkspace } = await import("../lib/data/workspaces");
  const { generateSessions, writeSession } = await import("../lib/seed");
  const { querySessions, SORT_OPTIONS } = await import("../lib/search/engine");
  const { parseSearch } = await import("../lib/search/parse");
  const { getSessions, recentSessionIds } = await import("../lib/data/sessions");
  const { kv } = await import("../lib/storage/kv");
  const { sessionKeys } = await import("../lib/data/session-keys");
  const marker = values.keep ? join(values.keep, `bench-list-${store}-${n}.ws`) : null;
  const remembered = marker && existsSync(marker) ? readFileSync(marker, "utf8").trim() : null;
  // A remembered workspace counts only if the store still holds all its sessions.
  const reused =
    remembered && (await (await kv()).zcard(sessionKeys.started(remembered))) === n ? remembered : null;
  const ws =
    reused ??
    (
      await createWorkspace(
        (
          await createUser({ email: `bench-${Date.now()}@list.test`, name: "" })
        ).id,
        "Bench List",
      )
    ).id;
  const started = Date.now();
  for (let offset = 0; !reused && offset < n; offset += 5000) {
    const part = generateSessions(Math.min(5000, n - offset), { seed: offset + 1 });
    for (let i = 0; i < part.length; i += 100)
      await Promise.all(part.slice(i, i + 100).map((s) => writeSession(ws, s)));
    process.stdout.write(`\r${store}: seeded ${Math.min(n, offset + 5000)} / ${n}`);
  }
  console.log(
    reused
      ? `${store}: reusing ${n} sessions (workspace ${reused})`
      : ` in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (marker && !reused) {
    mkdirSync(values.keep!, { recursive: true });
    writeFileSync(marker, ws);
  }
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

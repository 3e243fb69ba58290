// bench/heatmap-cold: where the cold first heatmap read's time goes on the embedded store (issue
// #24). Seeds one page's daily aggregates (clicks, rage, dead, moves, x) of 10 k and then 100 k
// sessions over 30 days into the same keys (as bench/heatmap.ts does), then times, for the clicks
// layer's 31 day grids: the SQL alone on a second connection (no thread, no transfer), HGETALL
// through the driver (SQL + the KV thread's reply + structured clone + the hash object), and the
// heatmap query's first (packs every day) and second read. Then checkpoints the WAL, reopens the
// store (cold SQLite page cache) and times the first read again.
// Usage: npm run bench:heatmap-cold [-- --sessions 10000,100000]
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "libsql";
import { resetEnvCache } from "../lib/env";
import { DAY, DAYS, heatmapRange, NOW, PATH } from "./heatmap-range";

const { values } = parseArgs({ options: { sessions: { type: "string", default: "10000,100000" } } });
const SIZES = values.sessions.split(",").map(Number);
const DIR = mkdtempSync(join(tmpdir(), "rewind-heat-cold-"));
process.env.DATA_DIR = DIR;
delete process.env.REDIS_URL;
resetEnvCache();
const TODAY = Math.floor(NOW / DAY);
const WS = "cold";
const FILE = join(DIR, "rewind.db");

const { kv } = await import("../lib/storage/kv");
const { heatKeys } = await import("../lib/data/heatmaps");
const { heatmapOf } = await import("../lib/heatmaps/query");

let seed = 42;
const int = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return Math.floor((seed / 0x7fffffff) * n);
};
const mb = (f: string) => (existsSync(f) ? `${(statSync(f).size / 1e6).toFixed(1)} MB` : "none");
const since = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
const clickKeys = (packed = false) => {
  const keys: string[] = [];
  const key = packed ? heatKeys.packed : heatKeys.day;
  for (let d = TODAY - DAYS; d <= TODAY + 1; d++) keys.push(key(WS, "desktop", d, PATH, "c"));
  return keys;
};

/** The daily totals of sessions 0..n (bench/heatmap.ts's generator, without elements), written as totals. */
async function seedDaily(n: number): Promise<void> {
  const totals = new Map<string, Map<string, number>>();
  const add = (key: string, field: string) => {
    let h = totals.get(key);
    if (!h) {
      h = new Map();
      totals.set(key, h);
    }
    h.set(field, (h.get(field) ?? 0) + 1);
  };
  for (let i = 0; i < n; i++) {
    seed = i * 7919 + 1;
    const day = TODAY - (i % DAYS);
    const x = heatKeys.day(WS, "desktop", day, PATH, "x");
    const cell = (part: "c" | "r" | "d" | "m", col: number, row: number) => {
      add(heatKeys.day(WS, "desktop", day, PATH, part), `${col}:${row}`);
      add(x, `w:${part}`);
    };
    for (let c = 0; c < 5; c++) cell("c", int(48), int(120));
    if (i % 10 === 0) cell("r", int(48), int(120));
    if (i % 7 === 0) cell("d", int(48), int(120));
    let col = int(48);
    let row = int(60);
    for (let m = 0; m < 40; m++) {
      col = Math.max(0, Math.min(47, col + int(5) - 2));
      row = Math.max(0, Math.min(399, row + int(5) - 1));
      cell("m", col, row);
    }
    add(x, "n");
  }
  const store = await kv();
  for (const [key, fields] of totals) {
    const entries = [...fields];
    for (let i = 0; i < entries.length; i += 2000)
      await store.hset(key, Object.fromEntries(entries.slice(i, i + 2000)));
  }
}

function sqlAlone(): string {
  const db = new Database(FILE);
  try {
    const stmt = db.prepare(
      "SELECT json_group_array(field) AS f, json_group_array(value) AS v FROM kv_hashes WHERE key = ?",
    );
    const t = performance.now();
    for (const key of clickKeys()) stmt.get(key);
    return since(t);
  } finally {
    db.close();
  }
}

async function throughDriver(): Promise<string> {
  const store = await kv();
  const t = performance.now();
  let fields = 0;
  for (const key of clickKeys()) fields += Object.keys(await store.hgetall(key)).length;
  return `${since(t)} (${fields} fields)`;
}

const range = { ...heatmapRange, layer: "clicks" as const };
const read = async () => {
  const t = performance.now();
  await heatmapOf(WS, range);
  return since(t);
};

for (const n of SIZES) {
  const t = performance.now();
  await seedDaily(n);
  console.log(`\n${n} sessions seeded in ${since(t)}; db ${mb(FILE)}, WAL ${mb(`${FILE}-wal`)}`);
  console.log(`  SQL alone, 31 clicks grids, second connection: ${sqlAlone()}; again: ${sqlAlone()}`);
  console.log(`  HGETALL through the driver: ${await throughDriver()}; again: ${await throughDriver()}`);
  // The grids were read above: drop their packs so the query's first read packs every day again.
  const store = await kv();
  await store.del(clickKeys(true));
  console.log(`  heatmap first read (packs 31 days): ${await read()}; second: ${await read()}`);
}
const db = new Database(FILE);
const t = performance.now();
db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get();
db.close();
console.log(`\nWAL checkpoint (TRUNCATE): ${since(t)}; WAL now ${mb(`${FILE}-wal`)}`);
await (await kv()).close();
(globalThis as { __rewindKv?: unknown }).__rewindKv = undefined;
await (await kv()).del(clickKeys(true));
await (await kv()).close();
(globalThis as { __rewindKv?: unknown }).__rewindKv = undefined;
console.log(`store reopened, first read (packs 31 days): ${await read()}; second: ${await read()}`);
await (await kv()).close();
rmSync(DIR, { recursive: true, force: true });
process.exit(0);

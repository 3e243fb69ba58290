// bench/heatmap: the heatmap query for one page at 10 k and 100 k sessions (spread over 30 days), on
// the embedded store and on Redis: from the daily aggregates (clicks, moves, scroll layers; first
// read of a day packs its grid, later reads use the pack: both timed) and a filtered one (the
// per-session heat of the 2 000 sessions a filtered heatmap reads at most). The 2 000 sessions go
// through ingest's own writes; the daily aggregates of the 10 k / 100 k are summed in memory from
// the same generator and written as totals (ingest's writes for 100 k sessions take too long to seed
// on a shared box; the query reads the same keys either way). The first read is timed twice: with
// no day packed (the read packs them) and after ingest's background packing packed them (its time
// printed apart: it runs off the request path). Then
// the cost the aggregation adds to ingest per batch: summarize + store without heat vs with it, on
// the real SDK batches of bench/fixtures/corpus, rounds interleaved (ratio = with / without).
// Goal: a heatmap of 100 k sessions in < 1 s.
// Usage: npm run bench:heatmap [-- --sessions 10000,100000 --runs 5 --batches 300 --stores embedded,redis]
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import type { BatchHeat, GroupHeat } from "../lib/ingest/heat";
import type { RrwebEvent } from "../lib/ingest/schema";
import { DAY, DAYS, heatmapRange, NOW, PATH } from "./heatmap-range";
import { onEachStore } from "./stores";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "10000,100000" },
    runs: { type: "string", default: "5" },
    batches: { type: "string", default: "300" },
    stores: { type: "string", default: "embedded,redis" },
  },
});
const SIZES = values.sessions.split(",").map(Number);
const RUNS = Math.max(1, Number(values.runs));
const BATCHES = Number(values.batches);
const STORES = values.stores.split(",");
const SELECTORS = Array.from(
  { length: 12 },
  (_, i) => `body > main.page > button.action:nth-of-type(${i + 1})`,
);
/** Sessions written per MULTI while seeding (one slot: every heat key carries the workspace tag). */
const SEED_BATCH = 200;

const corpus = readdirSync(join(import.meta.dirname, "fixtures", "corpus"))
  .sort()
  .map((f) => readFileSync(join(import.meta.dirname, "fixtures", "corpus", f)))
  .map((b) => JSON.parse((b[0] === 0x1f ? gunzipSync(b) : b).toString("utf8")) as { events: RrwebEvent[] });

let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const int = (n: number) => Math.floor(rand() * n);

/** One visit's heat on the page: a few clicks, a trail of moves, a scroll depth; a backdrop now and then. */
function visitHeat(i: number): BatchHeat {
  seed = i * 7919 + 1;
  const day = Math.floor(NOW / DAY) - (i % DAYS);
  const cells: Record<string, number> = {};
  const bump = (f: string) => {
    cells[f] = (cells[f] ?? 0) + 1;
  };
  for (let c = 0; c < 5; c++) bump(`c:${int(48)}:${int(120)}`);
  if (i % 10 === 0) bump(`r:${int(48)}:${int(120)}`);
  if (i % 7 === 0) bump(`d:${int(48)}:${int(120)}`);
  let col = int(48);
  let row = int(60);
  for (let m = 0; m < 40; m++) {
    col = Math.max(0, Math.min(47, col + int(5) - 2));
    row = Math.max(0, Math.min(399, row + int(5) - 1));
    bump(`m:${col}:${row}`);
  }
  const a = SELECTORS[int(SELECTORS.length)]!;
  const group: GroupHeat = {
    path: PATH,
    bucket: "desktop",
    day,
    cells,
    elements: { [a]: { c: 2, r: i % 10 === 0 ? 1 : 0, d: i % 7 === 0 ? 1 : 0 } },
    pending: {},
    band: int(30),
    bandBefore: -1,
    batchNo: 1,
    snapshots: i % 500 === 0 ? [{ at: day * DAY + int(DAY), width: 1280, height: 800 }] : [],
  };
  return { groups: [group], nodes: {}, resetNodes: false };
}

async function seedSessions(ws: string, from: number, to: number): Promise<string[]> {
  const { kv } = await import("../lib/storage/kv");
  const { prepareHeatWrites } = await import("../lib/data/heatmaps");
  const store = await kv();
  const ids: string[] = [];
  for (let start = from; start < to; start += SEED_BATCH) {
    const m = store.multi();
    const follow: ((replies: unknown[]) => Promise<void>)[] = [];
    for (let i = start; i < Math.min(to, start + SEED_BATCH); i++) {
      const sid = `s${i}`;
      ids.push(sid);
      const writes = await prepareHeatWrites(
        { ws, sid, chunkId: `${NOW}-${sid}`, retentionDays: 90 },
        visitHeat(i),
      );
      follow.push(writes.queue(m));
    }
    const replies = await m.exec();
    for (const f of follow) await f(replies);
  }
  return ids;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (x: number) => x.toFixed(x < 10 ? 1 : 0);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

/** The daily aggregates of sessions 0..n, as ingest's writes would leave them, written as totals. */
async function seedDaily(ws: string, n: number): Promise<void> {
  const { kv } = await import("../lib/storage/kv");
  const { heatKeys } = await import("../lib/data/heatmaps");
  const totals = new Map<string, Map<string, number>>();
  const add = (key: string, field: string, by: number) => {
    let h = totals.get(key);
    if (!h) {
      h = new Map();
      totals.set(key, h);
    }
    h.set(field, (h.get(field) ?? 0) + by);
  };
  for (let i = 0; i < n; i++) {
    const g = visitHeat(i).groups[0]!;
    const x = heatKeys.day(ws, g.bucket, g.day, g.path, "x");
    for (const [field, by] of Object.entries(g.cells)) {
      add(heatKeys.day(ws, g.bucket, g.day, g.path, field[0] as "c"), field.slice(2), by);
      add(x, `w:${field[0]}`, 1);
    }
    add(x, "n", 1);
    for (const [sel, e] of Object.entries(g.elements)) {
      add(x, `e:${sel}`, e.c);
      add(x, `es:${sel}`, 1);
      if (e.r) add(x, `er:${sel}`, e.r);
      if (e.d) add(x, `ed:${sel}`, e.d);
    }
    for (let b = 0; b <= g.band; b++) add(x, `s:${b}`, 1);
  }
  const store = await kv();
  for (const [key, fields] of totals) {
    const entries = [...fields];
    for (let i = 0; i < entries.length; i += 2000) {
      await store.hset(key, Object.fromEntries(entries.slice(i, i + 2000)));
    }
  }
}

/**
 * The first read of a range whose days ingest's background packing already packed: the packs are
 * dropped, the days queued as ingest queues them, packed (off the request path: timed apart).
 */
async function firstAfterBackgroundPack(
  ws: string,
  read: () => Promise<unknown>,
): Promise<{ pack: number; first: number }> {
  const { kv } = await import("../lib/storage/kv");
  const { heatKeys, schedulePack, packPending } = await import("../lib/data/heatmaps");
  const store = await kv();
  const today = Math.floor(NOW / DAY);
  for (let d = today - DAYS; d <= today + 1; d++) {
    for (const part of ["c", "r", "d", "m"] as const)
      await store.del(heatKeys.packed(ws, "desktop", d, PATH, part));
    schedulePack(ws, "desktop", d, PATH);
  }
  const pack = await timed(() => packPending());
  return { pack: pack.ms, first: (await timed(read)).ms };
}

async function queryRows(store: string): Promise<string[][]> {
  const { heatmapOf } = await import("../lib/heatmaps/query");
  const { sessionsHeat } = await import("../lib/data/heatmaps");
  const ws = `bench${randomUUID().slice(0, 8)}`;
  const rows: string[][] = [];
  let t = performance.now();
  const sample = await seedSessions(ws, 0, 2000);
  // Settle the packs these writes queued, so none lands in the middle of the timings below.
  await (await import("../lib/data/heatmaps")).packPending();
  console.log(
    `${store}: 2000 sessions through ingest's writes in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );
  const times: number[] = [];
  let cells = 0;
  for (let r = 0; r < RUNS; r++) {
    const { ms: took, result } = await timed(() => sessionsHeat(ws, sample, PATH, "desktop", "c"));
    times.push(took);
    cells = result.cells.c.size;
  }
  rows.push([
    store,
    "2000",
    "filtered, clicks (2 000 sessions' own heat)",
    "2000",
    String(cells),
    "",
    "",
    ms(p50(times)),
  ]);
  for (const size of SIZES) {
    t = performance.now();
    await seedDaily(ws, size);
    console.log(
      `${store}: daily aggregates of ${size} sessions written in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
    const range = heatmapRange;
    const layers = ["clicks", "moves", "scroll"] as const;
    // Every layer's unpacked first read before any background pack (which packs all layers of a day).
    const firsts = [];
    for (const layer of layers) {
      const first = await timed(() => heatmapOf(ws, { ...range, layer }));
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) times.push((await timed(() => heatmapOf(ws, { ...range, layer }))).ms);
      firsts.push({ layer, first, times });
    }
    for (const { layer, first, times } of firsts) {
      const h = first.result;
      const packed = await firstAfterBackgroundPack(ws, () => heatmapOf(ws, { ...range, layer }));
      rows.push([
        store,
        String(size),
        `daily, ${layer}`,
        String(h.sessions),
        String(h.cells.length || h.depth.length),
        ms(first.ms),
        `${ms(packed.first)} (pack ${ms(packed.pack)})`,
        ms(p50(times)),
      ]);
    }
  }
  return rows;
}

/** Per-batch cost of ingest's summarize and store, without the heat and with it, rounds interleaved. */
async function ingestRows(store: string): Promise<string[][]> {
  const { summarizeBatch } = await import("../lib/ingest/summarize");
  const { heatOf } = await import("../lib/ingest/heat");
  const { applyBatch } = await import("../lib/data/sessions");
  const ws = `ingest${randomUUID().slice(0, 8)}`;
  const arms = { without: [] as number[], with: [] as number[] };
  const cpu = { without: [] as number[], with: [] as number[] };
  for (let i = 0; i < BATCHES; i++) {
    const batch = corpus[i % corpus.length]!;
    for (const arm of i % 2 ? (["with", "without"] as const) : (["without", "with"] as const)) {
      const sid = randomUUID();
      const t = performance.now();
      const summary = summarizeBatch(batch.events);
      if (arm === "with") {
        const heat = heatOf(batch.events, summary.signals, summary.carry.pages.at(-1)?.url, undefined);
        summary.heat = heat.heat;
        summary.carry.heat = heat.carry;
      }
      const summarized = performance.now();
      await applyBatch(
        {
          workspaceId: ws,
          sessionId: sid,
          distinctId: "bench",
          batchId: randomUUID(),
          device: { browser: "chrome", os: "linux", device: "desktop" },
          country: "de",
          retentionDays: 30,
          chunkKey: `rec/30/${ws}/${sid}/${summary.firstTs}-${randomUUID()}`,
          sizeBytes: 1000,
        },
        summary,
      );
      arms[arm].push(performance.now() - t);
      cpu[arm].push(summarized - t);
    }
  }
  const ratio = (a: number[], b: number[]) => (p50(a) / p50(b)).toFixed(2);
  return [
    [store, "summarize (CPU)", ms(p50(cpu.without)), ms(p50(cpu.with)), ratio(cpu.with, cpu.without)],
    [store, "summarize + store", ms(p50(arms.without)), ms(p50(arms.with)), ratio(arms.with, arms.without)],
  ];
}

const max = Math.max(...SIZES);
const query: string[][] = [];
const ingest: string[][] = [];
await onEachStore(
  { embedded: STORES.includes("embedded") ? max : 0, redis: STORES.includes("redis") ? max : 0 },
  async (store) => {
    query.push(...(await queryRows(store)));
    ingest.push(...(await ingestRows(store)));
    return [];
  },
);
console.log("\nHeatmap query for one page (p50 of runs; goal < 1000 ms at 100 k sessions)");
printTable(
  [
    "store",
    "sessions",
    "query",
    "sessions seen",
    "cells",
    "first ms (read packs)",
    "first ms after background pack",
    "p50 ms",
  ],
  query,
);
console.log(`\nIngest per batch, ${BATCHES} corpus batches per arm (p50; ratio = with heat / without)`);
printTable(["store", "step", "without ms", "with ms", "ratio"], ingest);
process.exit(0);

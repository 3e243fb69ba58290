// bench/kv: ops/s and latency of the hot ingest operations on every KV driver, side by side.
// Usage: npm run bench:kv [-- --ops 3000 --concurrency 16]
// Uses REDIS_URL when set, else starts a throwaway redis-server; upstash goes through the REST bridge.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createKv, type Kv } from "../lib/storage/kv/client";
import { EmbeddedKv } from "../lib/storage/kv/embedded";
import { RedisKv } from "../lib/storage/kv/redis";
import { UpstashKv } from "../lib/storage/kv/upstash";
import { hasRedisServer, type RunningRedis, startRedisServer } from "../tests/helpers/redis-server";
import { startUpstashBridge, type UpstashBridge } from "../tests/helpers/upstash-bridge";
import { printTable } from "./table";

const { values } = parseArgs({
  options: { ops: { type: "string", default: "3000" }, concurrency: { type: "string", default: "16" } },
});
const OPS = Number(values.ops);
const CONCURRENCY = Number(values.concurrency);

type Op = { name: string; run(kv: Kv, i: number, ns: string): Promise<unknown> };

const ops: Op[] = [
  { name: "HINCRBY", run: (kv, i, ns) => kv.hincrby(`${ns}{w:b}:s:${i % 50}`, "clickCount", 1) },
  {
    name: "ZADD GT",
    run: (kv, i, ns) => kv.zadd(`${ns}{w:b}:sess`, { score: i, member: `s${i % 500}` }, { gt: true }),
  },
  { name: "SET NX PX", run: (kv, i, ns) => kv.set(`${ns}{w:b}:batch:${i}`, "1", { nx: true, px: 60_000 }) },
  {
    name: "pipeline x20",
    run: (kv, i, ns) => {
      const p = kv.pipeline();
      const s = `${ns}{w:b}:s:${i % 50}`;
      for (let j = 0; j < 5; j++) p.hincrby(s, `c${j}`, 1);
      for (let j = 0; j < 5; j++) p.zadd(`${ns}{w:b}:ix:${j}`, { score: i, member: `s${i % 50}` });
      for (let j = 0; j < 5; j++) p.hset(s, { [`f${j}`]: i });
      for (let j = 0; j < 5; j++)
        p.zadd(`${ns}{w:b}:sess:by:${j}`, { score: i, member: `s${i % 50}` }, { gt: true });
      return p.exec();
    },
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(kv: Kv, op: Op, ns: string) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS) {
        const i = next++;
        const t = performance.now();
        await op.run(kv, i, ns);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { opsPerSec: OPS / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main() {
  let redis: RunningRedis | undefined;
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl && hasRedisServer()) {
    redis = await startRedisServer();
    redisUrl = redis.url;
  }
  const dir = mkdtempSync(join(tmpdir(), "rewind-bench-kv-"));
  let bridge: UpstashBridge | undefined;
  const stores: { name: string; kv: Kv }[] = [
    { name: "embedded", kv: createKv(new EmbeddedKv(join(dir, "b.db"))) },
  ];
  if (redisUrl) {
    bridge = await startUpstashBridge(redisUrl);
    stores.push({ name: "redis", kv: createKv(new RedisKv(redisUrl)) });
    stores.push({
      name: "upstash-bridge",
      kv: createKv(new UpstashKv(bridge.url, bridge.token, { retry: false })),
    });
  } else {
    console.log("(no redis-server: only the embedded driver is measured)");
  }
  const ns = `bench:${Date.now()}:`;
  console.log(
    `${OPS} operations each, ${CONCURRENCY} in flight, on ${stores.map((s) => s.name).join(", ")}\n`,
  );
  const header = ["operation", ...stores.flatMap((s) => [`${s.name} ops/s`, "p50 ms", "p99 ms"])];
  const rows: string[][] = [];
  for (const op of ops) {
    const row = [op.name];
    for (const store of stores) {
      const r = await measure(store.kv, op, ns);
      row.push(r.opsPerSec.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2));
    }
    rows.push(row);
  }
  printTable(header, rows);

  for (const store of stores) {
    const keys = await store.kv.scan(ns);
    for (let i = 0; i < keys.length; i += 500) await store.kv.del(keys.slice(i, i + 500));
    await store.kv.close();
  }
  await bridge?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
}

await main();

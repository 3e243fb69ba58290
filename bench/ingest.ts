// bench/ingest: ingest throughput (MB/s of inflated JSON) and latency over HTTP on loopback, on the
// embedded store and on Redis, next to a plain gunzip + JSON.parse loop over the same corpus.
// Usage: npm run bench:ingest [-- --batches 1500 --concurrency 16 --rate 200 --seconds 5]
// The corpus is real SDK batches recorded in Chromium (bench/record-corpus.ts → bench/fixtures/corpus).
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { type RunningApp, startApp } from "../e2e/helpers/app";
import { signUp } from "../e2e/helpers/http";
import { hasRedisServer, type RunningRedis, startRedisServer } from "../tests/helpers/redis-server";
import { printTable } from "./table";

// `--adversarial`: the crafted-batch bench instead (bench/ingest-adversarial.ts).
if (process.argv.includes("--adversarial")) await import("./ingest-adversarial");
if (process.argv.includes("--adversarial")) process.exit(0);

const { values } = parseArgs({
  options: {
    batches: { type: "string", default: "1500" },
    concurrency: { type: "string", default: "16" },
    rate: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
  },
});
const BATCHES = Number(values.batches);
const CONCURRENCY = Number(values.concurrency);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

const dir = join(import.meta.dirname, "fixtures", "corpus");
const corpus = readdirSync(dir)
  .sort()
  .map((f) => readFileSync(join(dir, f)))
  .map((b) => JSON.parse((b[0] === 0x1f ? gunzipSync(b) : b).toString("utf8")) as Record<string, unknown>);

/** Request bodies prepared before timing: each a corpus batch under a fresh batch id, gzipped as the SDK sends it. */
function prepare(n: number): { body: Buffer; inflated: number }[] {
  const sessions = Array.from({ length: Math.max(1, Math.floor(n / 20)) }, () => randomUUID());
  return Array.from({ length: n }, (_, i) => {
    const text = JSON.stringify({
      ...corpus[i % corpus.length],
      batchId: randomUUID(),
      sessionId: sessions[i % sessions.length],
    });
    return { body: gzipSync(text), inflated: Buffer.byteLength(text) };
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function plainLoop(bodies: { body: Buffer; inflated: number }[]) {
  const started = performance.now();
  let bytes = 0;
  for (const b of bodies) {
    const text = gunzipSync(b.body).toString("utf8");
    JSON.parse(text);
    bytes += b.inflated;
  }
  return bytes / 1024 / 1024 / ((performance.now() - started) / 1000);
}

async function post(url: string, body: Buffer): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, {
    method: "POST",
    body: new Uint8Array(body),
    headers: { "content-type": "text/plain" },
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
  return performance.now() - t;
}

async function saturate(url: string, bodies: { body: Buffer; inflated: number }[]) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) latencies.push(await post(url, bodies[next++]!.body));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const mb = bodies.reduce((n, b) => n + b.inflated, 0) / 1024 / 1024;
  latencies.sort((a, b) => a - b);
  return {
    mbPerSec: mb / seconds,
    batchesPerSec: bodies.length / seconds,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
  };
}

/** A fixed arrival rate, as many SDKs would produce: latency under a steady load. */
async function fixedRate(url: string, bodies: { body: Buffer; inflated: number }[]) {
  const latencies: number[] = [];
  const total = Math.min(bodies.length, RATE * SECONDS);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post(url, bodies[i]!.body).then((ms) => void latencies.push(ms)));
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

async function measure(name: string, env: Record<string, string>) {
  const app: RunningApp = await startApp({ env });
  try {
    const { session, workspace } = await signUp(app.url, {
      email: `bench-${name}@bench.test`,
      workspaceName: `Bench ${name}`,
    });
    const { projectKey } = (await (
      await session.fetch(`/api/v1/workspaces/${workspace.slug}/keys`)
    ).json()) as { projectKey: { current: string } };
    const url = `${app.url}/api/v1/ingest?k=${projectKey.current}`;
    await saturate(url, prepare(100)); // warm-up
    const sat = await saturate(url, prepare(BATCHES));
    const steady = await fixedRate(url, prepare(RATE * SECONDS));
    return { name, ...sat, steadyP50: steady.p50, steadyP99: steady.p99 };
  } finally {
    await app.stop({ removeData: true });
  }
}

const inflatedAvg = corpus.reduce((n, c) => n + JSON.stringify(c).length, 0) / corpus.length / 1024;
console.log(`corpus: ${corpus.length} real SDK batches, ${inflatedAvg.toFixed(1)} KB inflated on average`);
console.log(
  `saturation: ${BATCHES} batches, ${CONCURRENCY} in flight; steady: ${RATE} batches/s for ${SECONDS} s; HTTP on loopback\n`,
);
const plain = plainLoop(prepare(BATCHES));

const rows = [await measure("embedded", {})];
const redis: RunningRedis | undefined =
  !process.env.REDIS_URL && hasRedisServer() ? await startRedisServer() : undefined;
const redisUrl = process.env.REDIS_URL ?? redis?.url;
if (redisUrl) rows.push(await measure("redis", { REDIS_URL: redisUrl }));
await redis?.stop();

const header = [
  "store",
  "MB/s",
  "batches/s",
  "p50 ms",
  "p99 ms",
  `p50 @${RATE}/s`,
  `p99 @${RATE}/s`,
  "ingest / plain",
];
const table = [
  ["plain gunzip+parse", plain.toFixed(1), "", "", "", "", "", "1.00"],
  ...rows.map((r) => [
    r.name,
    r.mbPerSec.toFixed(1),
    r.batchesPerSec.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.steadyP50.toFixed(1),
    r.steadyP99.toFixed(1),
    (r.mbPerSec / plain).toFixed(2),
  ]),
];
printTable(header, table);
console.log(`\ngoals: ingest / plain ≥ 0.50; p99 < 50 ms at ${RATE} batches/s`);

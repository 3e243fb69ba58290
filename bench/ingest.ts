// bench/ingest: ingest throughput (MB/s of inflated JSON) and latency over HTTP on loopback, on the
// embedded store and on Redis, each with 1 and N server processes (WEB_CONCURRENCY), against the
// floor: a plain Node HTTP server that only inflates, parses and writes each body to a file
// (bench/floor-server.mjs). Every arm runs once per round, rounds interleaved, so a busy box
// weighs on all arms alike.
// Usage: npm run bench:ingest [-- --batches 600 --rounds 2 --concurrency 16 --rate 200 --seconds 5
//   --processes N --stores embedded,redis --profile DIR]
// `--profile DIR` runs the app arms under `node --cpu-prof` (a profile per process in DIR, written
// when the arm stops); `node bench/ingest-profile.mjs DIR` summarises them.
// The corpus is real SDK batches recorded in Chromium (bench/record-corpus.ts → bench/fixtures/corpus).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type RunningApp, startApp } from "../e2e/helpers/app";
import { signUp } from "../e2e/helpers/http";
import { freePort, hasRedisServer, type RunningRedis, startRedisServer } from "../tests/helpers/redis-server";
import { corpusBodies, loadCorpus } from "./corpus";
import { profiledApp, serverCpu, servers } from "./server-process";
import { printTable } from "./table";

// `--adversarial`: the crafted-batch bench instead (bench/ingest-adversarial.ts).
if (process.argv.includes("--adversarial")) await import("./ingest-adversarial");
if (process.argv.includes("--adversarial")) process.exit(0);

const { values } = parseArgs({
  options: {
    batches: { type: "string", default: "600" },
    rounds: { type: "string", default: "2" },
    concurrency: { type: "string", default: "16" },
    rate: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    processes: { type: "string", default: String(availableParallelism()) },
    stores: { type: "string", default: "embedded,redis" },
    profile: { type: "string" },
  },
});
const BATCHES = Number(values.batches);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const PROCESSES = Number(values.processes);
const STORES = values.stores.split(",");
const PROFILE = values.profile;

const corpus = loadCorpus();
/** Request bodies prepared before timing: each a corpus batch under a fresh batch id, gzipped as the SDK sends it. */
const prepare = (n: number) => corpusBodies(corpus, n);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** One batch; its latency, or null when it was refused (a saturated app answers 503). */
async function post(url: string, body: Buffer): Promise<number | null> {
  const t = performance.now();
  const send = () =>
    fetch(url, { method: "POST", body: new Uint8Array(body), headers: { "content-type": "text/plain" } });
  // A kept-alive socket the server closes as a request goes out on it (its keep-alive timeout, which a
  // loaded box reaches mid-run) fails with "other side closed": sent again, as a client would (a batch
  // is stored once whatever the retries).
  const res = await send().catch((error: { cause?: { code?: string } }) => {
    if (error.cause?.code !== "UND_ERR_SOCKET") throw error;
    return send();
  });
  await res.arrayBuffer();
  if (res.status === 503 || res.status === 429) return null;
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
  return performance.now() - t;
}

interface Sample {
  latencies: number[];
  refused: number;
  batches: number;
  mb: number;
  seconds: number;
}

async function saturate(url: string, bodies: { body: Buffer; inflated: number }[]): Promise<Sample> {
  const latencies: number[] = [];
  let refused = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const ms = await post(url, bodies[next++]!.body);
        if (ms === null) refused++;
        else latencies.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const mb = bodies.reduce((n, b) => n + b.inflated, 0) / 1024 / 1024;
  return {
    latencies,
    refused,
    batches: bodies.length - refused,
    mb: (mb * (bodies.length - refused)) / bodies.length,
    seconds,
  };
}

/** A fixed arrival rate, as many SDKs would produce: latency under a steady load. */
async function fixedRate(url: string, bodies: { body: Buffer; inflated: number }[]): Promise<Sample> {
  const latencies: number[] = [];
  let refused = 0;
  const total = Math.min(bodies.length, RATE * SECONDS);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      post(url, bodies[i]!.body).then((ms) => {
        if (ms === null) refused++;
        else latencies.push(ms);
      }),
    );
  }
  await Promise.all(inflight);
  return {
    latencies,
    refused,
    batches: total - refused,
    mb: 0,
    seconds: (performance.now() - started) / 1000,
  };
}

/** CPU the arm's servers spent so far (bench/server-process.ts). */
const armCpu = (arm: Arm) => serverCpu(servers(arm.port));

interface Arm {
  name: string;
  processes: number;
  url: string;
  port: number;
  /** Server CPU ms at saturation: main threads and whole processes. */
  cpu: { main: number; total: number };
  stop(): Promise<void>;
  sat: Sample[];
  steady: Sample[];
}

async function appArm(store: string, processes: number, env: Record<string, string>): Promise<Arm> {
  const options = { env: { ...env, WEB_CONCURRENCY: String(processes) } };
  const app: RunningApp = await (PROFILE ? profiledApp(PROFILE, options) : startApp(options));
  const { session, workspace } = await signUp(app.url, {
    email: `bench-${store}-${processes}@bench.test`,
    workspaceName: `Bench ${store} ${processes}`,
  });
  const { projectKey } = (await (
    await session.fetch(`/api/v1/workspaces/${workspace.slug}/keys`)
  ).json()) as { projectKey: { current: string } };
  return {
    name: store,
    processes,
    url: `${app.url}/api/v1/ingest?k=${projectKey.current}`,
    port: app.port,
    cpu: { main: 0, total: 0 },
    stop: () => app.stop({ removeData: true }),
    sat: [],
    steady: [],
  };
}

async function floorArm(processes: number): Promise<Arm> {
  const folder = mkdtempSync(join(tmpdir(), "rewind-floor-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(import.meta.dirname, "floor-server.mjs"), String(port), folder, String(processes)],
    { stdio: "inherit" },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (;;) {
    try {
      await fetch(url, { method: "POST", body: "{}" });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    name: "floor",
    processes,
    url,
    port,
    cpu: { main: 0, total: 0 },
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
    sat: [],
    steady: [],
  };
}

const inflatedAvg = corpus.reduce((n, c) => n + JSON.stringify(c).length, 0) / corpus.length / 1024;
console.log(`corpus: ${corpus.length} real SDK batches, ${inflatedAvg.toFixed(1)} KB inflated on average`);
console.log(
  `${ROUNDS} rounds, each arm in turn; saturation: ${BATCHES} batches, ${CONCURRENCY} in flight; steady: ${RATE} batches/s for ${SECONDS} s; HTTP on loopback; N = ${PROCESSES} processes\n`,
);

const redis: RunningRedis | undefined =
  !process.env.REDIS_URL && hasRedisServer() ? await startRedisServer() : undefined;
const redisUrl = process.env.REDIS_URL ?? redis?.url;
const counts = [...new Set([1, PROCESSES])];
const arms: Arm[] = [];
try {
  for (const n of counts) {
    arms.push(await floorArm(n));
    if (STORES.includes("embedded")) arms.push(await appArm("embedded", n, {}));
    if (redisUrl && STORES.includes("redis")) arms.push(await appArm("redis", n, { REDIS_URL: redisUrl }));
  }
  for (const arm of arms) await saturate(arm.url, prepare(50)); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const arm of arms) {
      const bodies = prepare(BATCHES);
      const before = armCpu(arm);
      arm.sat.push(await saturate(arm.url, bodies));
      const after = armCpu(arm);
      arm.cpu.main += after.main - before.main;
      arm.cpu.total += after.total - before.total;
      arm.steady.push(await fixedRate(arm.url, prepare(RATE * SECONDS)));
    }
    console.log(`round ${round + 1} of ${ROUNDS} done`);
  }
} finally {
  for (const arm of arms) await arm.stop();
  await redis?.stop();
}

const sorted = (samples: Sample[]) => samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
const summary = arms.map((arm) => {
  const seconds = sum(arm.sat.map((s) => s.seconds));
  const sat = sorted(arm.sat);
  const steady = sorted(arm.steady);
  return {
    arm,
    mbPerSec: sum(arm.sat.map((s) => s.mb)) / seconds,
    batchesPerSec: sum(arm.sat.map((s) => s.batches)) / seconds,
    p50: pct(sat, 50),
    p99: pct(sat, 99),
    steadyP50: pct(steady, 50),
    steadyP99: pct(steady, 99),
    refused: sum(arm.sat.map((s) => s.refused)) + sum(arm.steady.map((s) => s.refused)),
    mainMsPerBatch: arm.cpu.main / Math.max(1, sum(arm.sat.map((s) => s.batches))),
    totalMsPerBatch: arm.cpu.total / Math.max(1, sum(arm.sat.map((s) => s.batches))),
  };
});
const header = [
  "arm",
  "procs",
  "MB/s",
  "batches/s",
  "p50 ms",
  "p99 ms",
  `p50 @${RATE}/s`,
  `p99 @${RATE}/s`,
  "503s",
  "app / floor",
  "main CPU ms/batch",
  "CPU ms/batch",
  "floor / app main CPU",
];
printTable(
  header,
  summary.map((r) => {
    const floor = summary.find((f) => f.arm.name === "floor" && f.arm.processes === r.arm.processes)!;
    return [
      r.arm.name,
      String(r.arm.processes),
      r.mbPerSec.toFixed(1),
      r.batchesPerSec.toFixed(0),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      r.steadyP50.toFixed(1),
      r.steadyP99.toFixed(1),
      String(r.refused),
      (r.mbPerSec / floor.mbPerSec).toFixed(2),
      r.mainMsPerBatch.toFixed(2),
      r.totalMsPerBatch.toFixed(2),
      (floor.mainMsPerBatch / Math.max(0.01, r.mainMsPerBatch)).toFixed(2),
    ];
  }),
);
console.log(
  `\nCPU from /proc at saturation (10 ms ticks): "main" is the serving processes' main threads, which serve HTTP and talk to the stores; "floor / app main CPU" is the ratio a process could reach on an idle box, where its main thread is the limit. Load average now ${loadavg()[0]!.toFixed(1)}.`,
);
console.log(`\ngoals: app / floor ≥ 0.50 (same process count); p99 < 50 ms at ${RATE} batches/s`);

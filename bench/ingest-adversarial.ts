// bench/ingest-adversarial: crafted batches (bench/adversarial-shapes.ts) sent one at a time to the
// built app on the embedded store, each timed, while /api/health is polled next to it: how long the
// batch takes, and how long a bystander waits meanwhile. Figures only, no pass/fail.
// Usage: npm run bench:ingest -- --adversarial [--events 50000 --runs 2]
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { type RunningApp, startApp } from "../e2e/helpers/app";
import { signUp } from "../e2e/helpers/http";
import { AT_THE_CAPS, SHAPES, type Shape } from "./adversarial-shapes";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    adversarial: { type: "boolean" },
    events: { type: "string", default: "50000" },
    runs: { type: "string", default: "2" },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
/** A request still unanswered after this long is given up on (shown as answer 0). */
const TIMEOUT_MS = 120_000;

const DEEP = "<5,000 nested arrays>";
const deepNesting: Shape = {
  name: "data nested 5,000 deep",
  // Nested as text: JSON.stringify itself recurses too deep for this.
  events: (_n, t0) => [
    { type: 3, timestamp: t0, data: { source: 0, texts: [], attributes: [], removes: [], adds: DEEP } },
  ],
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Polls /api/health back to back until stopped: the latencies a bystander sees. */
function pollHealth(base: string): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        await (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) })).arrayBuffer();
      } catch {}
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies.sort((a, b) => a - b);
    },
  };
}

async function sendShape(app: RunningApp, key: string, shape: Shape) {
  const text = JSON.stringify({
    v: 1,
    sdk: "bench-adversarial",
    sessionId: randomUUID(),
    windowId: "w1",
    distinctId: "anon-bench",
    batchId: randomUUID(),
    seq: 0,
    events: shape.events(EVENTS, Date.now() - 3_600_000),
  });
  const body = gzipSync(text.replace(JSON.stringify(DEEP), `${"[".repeat(5000)}${"]".repeat(5000)}`));
  const health = pollHealth(app.url);
  await new Promise((r) => setTimeout(r, 50));
  const t = performance.now();
  let status = 0;
  let answer = "";
  try {
    const res = await fetch(`${app.url}/api/v1/ingest?k=${key}`, {
      method: "POST",
      body: new Uint8Array(body),
      headers: { "content-type": "text/plain" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    answer = await res.text();
  } catch {}
  const ms = performance.now() - t;
  const latencies = await health.stop();
  const cap = /\((\w+)\)/.exec(answer)?.[1];
  return {
    status,
    cap,
    ms,
    kb: body.byteLength / 1024,
    healthP99: pct(latencies, 99),
    healthMax: latencies.at(-1) ?? 0,
  };
}

const app = await startApp();
try {
  const { session, workspace } = await signUp(app.url, {
    email: "bench-adversarial@bench.test",
    workspaceName: "Bench adversarial",
  });
  const { projectKey } = (await (
    await session.fetch(`/api/v1/workspaces/${workspace.slug}/keys`)
  ).json()) as {
    projectKey: { current: string };
  };
  console.log(
    `${EVENTS.toLocaleString("en-US")} events a batch, ${RUNS} runs each (the slower shown); embedded store\n`,
  );
  const rows: string[][] = [];
  for (const shape of [...SHAPES, ...AT_THE_CAPS, deepNesting]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await sendShape(app, projectKey.current, shape));
    const worst = runs.reduce((a, b) => (b.ms > a.ms ? b : a));
    const row = [
      shape.name,
      worst.kb.toFixed(0),
      `${worst.status}${worst.cap ? ` ${worst.cap}` : ""}`,
      worst.ms.toFixed(0),
      Math.max(...runs.map((r) => r.healthP99)).toFixed(0),
      Math.max(...runs.map((r) => r.healthMax)).toFixed(0),
    ];
    console.log(`  ${row.join(" | ")}`);
    rows.push(row);
  }
  console.log();
  printTable(["shape", "gzip KB", "answer", "ingest ms", "health p99 ms", "health max ms"], rows);
  console.log("\ngoals: every shape < 1000 ms; health p99 < 100 ms");
} finally {
  await app.stop({ removeData: true });
}

// bench/ingest-adversarial: crafted batches (bench/adversarial-shapes.ts) sent one at a time to the
// built app on the embedded store, each timed, while /api/health is polled next to it: how long the
// batch takes, and how long a bystander waits meanwhile. Figures only, no pass/fail. The posthog-js
// drop-in's crafted bodies (DROPIN_SHAPES) go to its routes (/s/, /batch/) the same way.
// Every run is a row, so the first batch after the server starts shows apart from the next ones;
// "main CPU" is the server's main thread (which also answers /api/health), "CPU" the whole process
// (the ingest and KV threads included), both from /proc and so hardly moved by the box's load.
// Usage: npm run bench:ingest -- --adversarial [--events 50000 --runs 2 --profile DIR --only NAME]
// `--profile DIR` runs the app under `node --cpu-prof`; `node bench/ingest-profile.mjs DIR` summarises.
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { type RunningApp, startApp } from "../e2e/helpers/app";
import { signUp } from "../e2e/helpers/http";
import { AT_THE_CAPS, DROPIN_SHAPES, type DropinShape, SHAPES, type Shape } from "./adversarial-shapes";
import { profiledApp, serverCpu, servers } from "./server-process";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    adversarial: { type: "boolean" },
    events: { type: "string", default: "50000" },
    runs: { type: "string", default: "2" },
    profile: { type: "string" },
    only: { type: "string" },
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

/**
 * Not crafted: the largest batch ingest takes (24 MB inflated, under the 25 MB body limit), one
 * full snapshot of 110,000 rows with text, which summarize, the signals and heat walk whole.
 */
const largestSnapshot: Shape = {
  name: "one full snapshot at the body limit (24 MB)",
  events: (_n, t0) => {
    const rows = Array.from({ length: 110_000 }, (_, i) => ({
      type: 2,
      tagName: "div",
      attributes: { class: `row r${i}` },
      childNodes: [{ type: 3, textContent: `some text of a row ${i}${" ".repeat(80)}`, id: 10 + 2 * i + 1 }],
      id: 10 + 2 * i,
    }));
    const element = (tagName: string, id: number, childNodes: unknown[]) => ({
      type: 2,
      tagName,
      attributes: {},
      childNodes,
      id,
    });
    return [
      { type: 4, timestamp: t0, data: { href: "https://shop.example/", width: 1280, height: 720 } },
      {
        type: 2,
        timestamp: t0 + 1,
        data: {
          node: { type: 0, id: 1, childNodes: [element("html", 2, [element("body", 3, rows)])] },
          initialOffset: { top: 0, left: 0 },
        },
      },
    ];
  },
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

/** Our SDK's batch of the shape's events, gzipped, for /api/v1/ingest. */
function ingestBody(shape: Shape): Uint8Array {
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
  return gzipSync(text.replace(JSON.stringify(DEEP), `${"[".repeat(5000)}${"]".repeat(5000)}`));
}

async function send(app: RunningApp, pids: number[], path: string, body: Uint8Array) {
  const health = pollHealth(app.url);
  await new Promise((r) => setTimeout(r, 50));
  const cpuBefore = serverCpu(pids);
  const t = performance.now();
  let status = 0;
  let answer = "";
  try {
    const res = await fetch(`${app.url}${path}`, {
      method: "POST",
      body: new Uint8Array(body),
      headers: { "content-type": "text/plain" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    answer = await res.text();
  } catch {}
  const ms = performance.now() - t;
  const cpuAfter = serverCpu(pids);
  const latencies = await health.stop();
  const cap = /\((\w+)\)/.exec(answer)?.[1];
  return {
    status,
    cap,
    ms,
    mainCpu: cpuAfter.main - cpuBefore.main,
    cpu: cpuAfter.total - cpuBefore.total,
    kb: body.byteLength / 1024,
    healthP99: pct(latencies, 99),
    healthMax: latencies.at(-1) ?? 0,
  };
}

const app = values.profile ? await profiledApp(values.profile, { env: {} }) : await startApp();
try {
  const pids = servers(app.port);
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
    `${EVENTS.toLocaleString("en-US")} events a batch, ${RUNS} runs each; embedded store; server pids ${pids.join(", ")}\n`,
  );
  const rows: string[][] = [];
  const key = projectKey.current;
  const sends: { name: string; send: () => ReturnType<typeof send> }[] = [
    ...[...SHAPES, ...AT_THE_CAPS, deepNesting, largestSnapshot].map((shape) => ({
      name: shape.name,
      send: () => send(app, pids, `/api/v1/ingest?k=${key}`, ingestBody(shape)),
    })),
    ...DROPIN_SHAPES.map((shape: DropinShape) => ({
      name: shape.name,
      send: () => send(app, pids, shape.path, shape.body(EVENTS, Date.now() - 3_600_000, key)),
    })),
  ];
  for (const shape of sends.filter((s) => !values.only || s.name.includes(values.only))) {
    for (let i = 0; i < RUNS; i++) {
      const r = await shape.send();
      const row = [
        shape.name,
        String(i + 1),
        r.kb.toFixed(0),
        `${r.status}${r.cap ? ` ${r.cap}` : ""}`,
        r.ms.toFixed(0),
        String(r.mainCpu),
        String(r.cpu),
        r.healthP99.toFixed(0),
        r.healthMax.toFixed(0),
      ];
      console.log(`  ${row.join(" | ")}`);
      rows.push(row);
    }
  }
  console.log();
  printTable(
    [
      "shape",
      "run",
      "gzip KB",
      "answer",
      "ingest ms",
      "main CPU ms",
      "CPU ms",
      "health p99 ms",
      "health max ms",
    ],
    rows,
  );
  console.log(
    `\nCPU: the server's, from /proc in 10 ms ticks, while the batch was in flight (/api/health polling included). Load average now ${loadavg()[0]!.toFixed(1)}.`,
  );
  console.log("goals: every shape < 1000 ms; health p99 < 100 ms");
} finally {
  await app.stop({ removeData: true });
}

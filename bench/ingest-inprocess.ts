// bench/ingest-inprocess: the ingest path without HTTP or Next — ingestBatch called directly on
// the embedded store (or Redis with REDIS_URL), real SDK batches, 16 in flight — so its batches/s
// next to bench:ingest's show how much of a batch's cost is the store path and how much is the
// HTTP layer. Run it under `node --cpu-prof --import tsx` to profile the store path alone
// (bench/ingest-profile.mjs summarises the profile).
// With --shapes it sends instead each crafted batch of bench/adversarial-shapes.ts at three sizes,
// one at a time, beside a plain batch of as many events: what each costs, and how it grows.
// Usage: npx tsx bench/ingest-inprocess.ts [--batches 1000 --concurrency 16] [--shapes]
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { corpusBodies, ingestInProcess, loadCorpus } from "./corpus";

const { values } = parseArgs({
  options: {
    batches: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "16" },
    shapes: { type: "boolean" },
  },
});
const BATCHES = Number(values.batches);
const CONCURRENCY = Number(values.concurrency);

const dataDir = mkdtempSync(join(tmpdir(), "rewind-inprocess-"));
process.env.DATA_DIR = dataDir;
process.env.RETENTION_SCHEDULER = "off";
const { ingestBatch } = await import("@/lib/ingest/ingest");
const { createUser } = await import("@/lib/data/users");
const { createWorkspace } = await import("@/lib/data/workspaces");
const { getProjectKey } = await import("@/lib/data/keys");

const corpus = loadCorpus();
const bodies = (n: number) => corpusBodies(corpus, n).map((b) => b.body);

const user = await createUser({ email: "inprocess@bench.test", name: "" });
const ws = (await createWorkspace(user.id, "In-process bench")).id;
const key = (await getProjectKey(ws)).current;

const run = (list: Buffer[]) => ingestInProcess(ingestBatch, key, list, CONCURRENCY);

/**
 * CPU time of this process's main thread (the request thread in the app) in ms, from
 * /proc/self/task/<pid>/stat: utime + stime in clock ticks of 10 ms. It is what limits a server
 * process, and unlike wall time it hardly moves with the box's load.
 */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

if (values.shapes) {
  await runShapes();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

/**
 * Each crafted shape at 12,500, 25,000 and 50,000 events, timed one at a time: wall ms, CPU ms of
 * the whole process (the worker threads' decode and summarize included), and the answer. A cost that
 * grows ~2× per doubling, near the plain batch's, is bounded; ~4× would be quadratic.
 */
async function runShapes(): Promise<void> {
  const { SHAPES, AT_THE_CAPS } = await import("./adversarial-shapes");
  const { printTable } = await import("./table");
  const plain = {
    name: "plain: mutations only",
    events: (n: number, t0: number) =>
      Array.from({ length: n }, (_, i) => ({
        type: 3,
        timestamp: t0 + i,
        data: { source: 0, texts: [], attributes: [], removes: [], adds: [] },
      })),
  };
  const sizes = [12_500, 25_000, 50_000];
  const rows: string[][] = [];
  await run(bodies(20)); // warm-up
  for (const shape of [plain, ...SHAPES, ...AT_THE_CAPS]) {
    const row = [shape.name];
    let answer = "";
    for (const n of sizes) {
      const body = gzipSync(
        JSON.stringify({
          v: 1,
          sdk: "bench-shapes",
          sessionId: randomUUID(),
          windowId: "w1",
          distinctId: "anon-bench",
          batchId: randomUUID(),
          seq: 0,
          events: shape.events(n, Date.now() - 3_600_000),
        }),
      );
      const cpu = process.cpuUsage();
      const t = performance.now();
      try {
        await ingestBatch(
          new Request(`http://bench.test/api/v1/ingest?k=${key}`, {
            method: "POST",
            body: new Uint8Array(body),
          }),
        );
        answer = "200";
      } catch (error) {
        answer = `${(error as { status?: number }).status ?? "err"} ${/\((\w+)\)/.exec((error as Error).message)?.[1] ?? (error as Error).message.slice(0, 40)}`;
      }
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      row.push(`${ms.toFixed(0)} / ${((used.user + used.system) / 1000).toFixed(0)}`);
    }
    row.push(answer);
    console.log(`  ${row.join(" | ")}`);
    rows.push(row);
  }
  console.log();
  printTable(
    ["shape", ...sizes.map((n) => `${n.toLocaleString("en-US")} ev: ms / CPU ms`), "answer at 50,000"],
    rows,
  );
  console.log(`load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);
}

await run(bodies(100)); // warm-up
const list = bodies(BATCHES);
const cpuBefore = process.cpuUsage();
const mainBefore = mainThreadCpuMs();
const seconds = await run(list);
const cpu = process.cpuUsage(cpuBefore);
const mainMs = mainThreadCpuMs() - mainBefore;
console.log(
  `in-process ingest (${process.env.REDIS_URL ? "redis" : "embedded"}): ${BATCHES} batches in ${seconds.toFixed(2)} s = ${(BATCHES / seconds).toFixed(0)} batches/s; CPU per batch: main thread ${(mainMs / BATCHES).toFixed(2)} ms, whole process ${((cpu.user + cpu.system) / 1000 / BATCHES).toFixed(2)} ms (load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)})`,
);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

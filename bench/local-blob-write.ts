// bench/local-blob-write: main-thread CPU per chunk file for the ways lib/storage/blob/local.ts could
// write one (temp name + rename, so no half-written chunk is ever visible), 16 writes in flight like
// a busy ingest server. CPU from /proc (10 ms ticks) is what the request thread pays.
// Usage: npx tsx bench/local-blob-write.ts [--writes 4000 --size 10000]
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { writes: { type: "string", default: "4000" }, size: { type: "string", default: "10000" } },
});
const WRITES = Number(values.writes);
const bytes = new Uint8Array(randomBytes(Number(values.size)));

function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const cb =
  <A extends unknown[], R>(f: (...args: [...A, (e: NodeJS.ErrnoException | null, r: R) => void]) => void) =>
  (...args: A) =>
    new Promise<R>((resolve, reject) => f(...args, (e, r) => (e ? reject(e) : resolve(r))));
const open = cb<[string, number, number], number>(fs.open);
const write = cb<[number, Uint8Array], number>(fs.write);
const close = cb<[number], void>(fs.close);
const renameCb = cb<[string, string], void>(fs.rename);
const writeFileCb = cb<[string, Uint8Array], void>(fs.writeFile);
const FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL;

const ways: Record<string, (temp: string, target: string) => Promise<void>> = {
  "promises writeFile + rename": async (temp, target) => {
    await writeFile(temp, bytes);
    await rename(temp, target);
  },
  "callback writeFile + rename": async (temp, target) => {
    await writeFileCb(temp, bytes);
    await renameCb(temp, target);
  },
  "callback open(O_EXCL) + write + close + rename": async (temp, target) => {
    const fd = await open(temp, FLAGS, 0o644);
    try {
      let at = 0;
      while (at < bytes.byteLength) at += await write(fd, bytes.subarray(at));
    } finally {
      await close(fd);
    }
    await renameCb(temp, target);
  },
  "sync writeFileSync + renameSync (blocks the loop)": async (temp, target) => {
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, target);
  },
};

for (let round = 0; round < 2; round++) {
  for (const [name, way] of Object.entries(ways)) {
    const dir = mkdtempSync(join(tmpdir(), "rewind-blobw-"));
    let next = 0;
    const worker = async () => {
      while (next < WRITES) {
        const i = next++;
        await way(join(dir, `.tmp-${randomBytes(8).toString("hex")}`), join(dir, `c${i}.json.gz`));
      }
    };
    const before = mainThreadCpuMs();
    const t = performance.now();
    await Promise.all(Array.from({ length: 16 }, worker));
    const ms = performance.now() - t;
    const cpu = mainThreadCpuMs() - before;
    console.log(
      `${name.padEnd(50)} main CPU ${((cpu / WRITES) * 1000).toFixed(0).padStart(4)} µs/write, wall ${((ms / WRITES) * 1000).toFixed(0).padStart(4)} µs/write`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`load average ${loadavg()[0]!.toFixed(1)}`);

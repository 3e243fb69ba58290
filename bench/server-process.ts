// What the ingest benches read about the app's server processes: their CPU from /proc (load-
// independent, unlike wall time), and the built app started under `node --cpu-prof`.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, type RunningApp } from "../e2e/helpers/app";
import { freePort } from "../tests/helpers/redis-server";

/**
 * The serving processes on a port: the floor's name its port on its command line; the app's
 * (Next retitles them, so their command lines do not) inherit PORT=<port> from startApp.
 */
export function servers(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args.some((a) => a.endsWith("start.mjs"))) continue; // the cluster primary only forwards
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (args.includes(String(port)) || environ.includes(`PORT=${port}`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** utime + stime in ms (clock ticks of 10 ms) from a /proc stat file. */
export function cpuMs(statFile: string): number {
  try {
    const stat = readFileSync(statFile, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * CPU the servers on a port spent so far, in ms: their main threads (which serve HTTP and talk to
 * the stores: what limits a process) and the whole processes (worker threads included).
 */
export function serverCpu(pids: number[]): { main: number; total: number } {
  return {
    main: sum(pids.map((pid) => cpuMs(`/proc/${pid}/task/${pid}/stat`))),
    total: sum(pids.map((pid) => cpuMs(`/proc/${pid}/stat`))),
  };
}

/**
 * The built app as startApp runs it, under `node --cpu-prof` writing to `dir` (not allowed in
 * NODE_OPTIONS; the cluster's server processes inherit the primary's flags). Each process writes
 * its profile as it exits.
 */
export async function profiledApp(
  dir: string,
  options: { env: Record<string, string> },
): Promise<RunningApp> {
  await ensureBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "rewind-app-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ...options.env };
  env.RETENTION_SCHEDULER = "off";
  env.WEB_CONCURRENCY ??= "1";
  if (!options.env.REDIS_URL) delete env.REDIS_URL;
  const child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "scripts/start.mjs"], {
    cwd: join(import.meta.dirname, ".."),
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    dataDir,
    output: () => "",
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../tests/helpers/redis-server";

const root = join(import.meta.dirname, "..", "..");
const lockDir = join(root, ".next-build-lock");

/** Builds the app once even when several test files ask at the same time. */
export async function ensureBuilt(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const result = spawnSync(process.execPath, ["scripts/start.mjs", "--build-only"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmdirSync(lockDir);
  }
}

export interface RunningApp {
  url: string;
  dataDir: string;
  output(): string;
  /** Stops the server; the data folder stays for a restart unless removeData is set. */
  stop(options?: { removeData?: boolean }): Promise<void>;
}

/** Starts the built app the way `npm start` does, on a free port with its own data folder. */
export async function startApp(
  options: { dataDir?: string; env?: Record<string, string>; requireHealthy?: boolean } = {},
): Promise<RunningApp> {
  const requireHealthy = options.requireHealthy ?? true;
  await ensureBuilt();
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "rewind-app-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ...options.env };
  // The app picks its KV from the environment: keep the test's own REDIS_URL out unless asked for.
  if (!options.env?.REDIS_URL) delete env.REDIS_URL;
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200 || !requireHealthy) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app did not answer /api/health within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => output,
    async stop({ removeData = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

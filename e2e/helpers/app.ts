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
  port: number;
  /** Stops the server (SIGTERM, or SIGKILL to simulate a crash); the data folder stays unless removeData. */
  stop(options?: { removeData?: boolean; signal?: NodeJS.Signals }): Promise<void>;
}

export const E2E_CRON_SECRET = "e2e-cron-secret-0123456789abcdef";

/** Starts the built app the way `npm start` does, on a free port with its own data folder. */
export async function startApp(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    requireHealthy?: boolean;
    port?: number;
    /** Another tree to run scripts/start.mjs in, such as the Docker image's (scripts/standalone.mjs). */
    appDir?: string;
  } = {},
): Promise<RunningApp> {
  const requireHealthy = options.requireHealthy ?? true;
  await ensureBuilt();
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "rewind-app-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    // Tests run the purge through its route when they mean to, never on a timer under them.
    RETENTION_SCHEDULER: "off",
    CRON_SECRET: E2E_CRON_SECRET,
    // One server process unless a test asks for more: the box runs many test apps at once.
    WEB_CONCURRENCY: "1",
    ...options.env,
  };
  // The app picks its KV from the environment: keep the test's own REDIS_URL out unless asked for.
  if (!options.env?.REDIS_URL) delete env.REDIS_URL;
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs", "--no-build"], {
    cwd: options.appDir ?? root,
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
    port,
    dataDir,
    output: () => output,
    async stop({ removeData = false, signal = "SIGTERM" } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        // npm start runs next as a child: a crash means killing the whole process group's server.
        if (signal === "SIGKILL") spawnSync("pkill", ["-KILL", "-P", String(child.pid)]);
        child.kill(signal);
        await exited;
      }
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./redis-server";

export interface RunningCluster {
  /** A seed node; the client discovers the others from it. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

function waitFor(what: string, ready: () => boolean, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (ready()) return resolve();
      if (child.exitCode !== null) return reject(new Error(`${what} exited early:\n${log()}`));
      if (Date.now() > deadline) return reject(new Error(`${what} did not start within 15 s:\n${log()}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

/**
 * Starts a real Redis Cluster of `masters` redis-server processes (no replicas) on free loopback
 * ports, persistence off, in its own temp folder; stop() ends exactly those processes.
 */
export async function startRedisCluster(masters = 3): Promise<RunningCluster> {
  const dir = mkdtempSync(join(tmpdir(), "rewind-cluster-"));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      // Two ports per node: the client port and the cluster bus (port + 10000) must both be free.
      let port = await freePort();
      while (port > 55_000) port = await freePort();
      ports.push(port);
      const child = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          join(dir, `nodes-${port}.conf`),
          "--cluster-node-timeout",
          "5000",
          "--save",
          "",
          "--appendonly",
          "no",
          "--dir",
          dir,
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      children.push(child);
      let output = "";
      child.stdout?.on("data", (d: Buffer) => {
        output += d.toString();
      });
      child.stderr?.on("data", (d: Buffer) => {
        output += d.toString();
      });
      await waitFor(
        `redis-server :${port}`,
        () => /Ready to accept connections/i.test(output),
        child,
        () => output,
      );
    }
    const create = spawnSync(
      "redis-cli",
      [
        "--cluster",
        "create",
        ...ports.map((p) => `127.0.0.1:${p}`),
        "--cluster-replicas",
        "0",
        "--cluster-yes",
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed:\n${create.stdout}\n${create.stderr}`);
    // Every node must agree the cluster is whole before the first command.
    const deadline = Date.now() + 15_000;
    for (const port of ports) {
      for (;;) {
        const info = spawnSync("redis-cli", ["-p", String(port), "cluster", "info"], { encoding: "utf8" });
        if (/cluster_state:ok/.test(info.stdout)) break;
        if (Date.now() > deadline) throw new Error(`the cluster did not reach state ok:\n${info.stdout}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, ports, stop };
}

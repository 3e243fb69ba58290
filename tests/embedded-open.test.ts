import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";
import { createKv } from "@/lib/storage/kv/client";
import { EmbeddedKv } from "@/lib/storage/kv/embedded";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rewind-open-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Another process holding the file's write lock for `ms`, as a second server starting at once does. */
function holdLock(file: string, ms: number): Promise<{ done: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const D = require("libsql"); const db = new D(${JSON.stringify(file)});
       db.exec("CREATE TABLE IF NOT EXISTS t (x)"); db.exec("BEGIN EXCLUSIVE"); db.exec("INSERT INTO t VALUES (1)");
       console.log("locked"); setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${ms});`,
    ],
    { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
  );
  const done = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve({ done }));
    child.on("exit", (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
}

test("opening a file another process holds locked waits for it instead of failing", async () => {
  const file = join(tempDir(), "rewind.db");
  const holder = await holdLock(file, 700);
  const store = createKv(new EmbeddedKv(file));
  await store.set("opened", "yes");
  expect(await store.get("opened")).toBe("yes");
  await store.close();
  expect(await holder.done).toBe(0);
});

test("a store that failed to open is opened again on the next call, not kept failed", async () => {
  const saved = { ...process.env };
  const g = globalThis as { __rewindKv?: unknown; __rewindBlob?: unknown };
  const savedStores = { kv: g.__rewindKv, blob: g.__rewindBlob };
  try {
    const dir = tempDir();
    const notYet = join(dir, "data");
    writeFileSync(notYet, "a file where the data folder should be");
    for (const name of [
      "REDIS_URL",
      "UPSTASH_REDIS_REST_URL",
      "UPSTASH_REDIS_REST_TOKEN",
      "S3_BUCKET",
      "BLOB_READ_WRITE_TOKEN",
    ])
      delete process.env[name];
    process.env.DATA_DIR = notYet;
    resetEnvCache();
    g.__rewindKv = undefined;
    g.__rewindBlob = undefined;
    await expect(kv()).rejects.toThrow();
    rmSync(notYet);
    const store = await kv();
    await store.set("after", "ok");
    expect(await store.get("after")).toBe("ok");
    await store.close();
    expect((await blob()).location).toContain(notYet);
  } finally {
    process.env = saved;
    resetEnvCache();
    g.__rewindKv = savedStores.kv;
    g.__rewindBlob = savedStores.blob;
  }
});

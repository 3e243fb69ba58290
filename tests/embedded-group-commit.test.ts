import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterEach, beforeEach, expect, test } from "vitest";
import { createKv, type Kv } from "@/lib/storage/kv/client";
import { EmbeddedKv } from "@/lib/storage/kv/embedded";

let dir: string;
let file: string;
let driver: EmbeddedKv;
let kv: Kv;
/** A second connection to the same file, as another process would have: it sees only committed data. */
let outside: InstanceType<typeof Database>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rewind-group-"));
  file = join(dir, "rewind.db");
  driver = new EmbeddedKv(file);
  kv = createKv(driver);
  outside = new Database(file);
});
afterEach(async () => {
  outside.close();
  await kv.close();
  rmSync(dir, { recursive: true, force: true });
});

const committed = (key: string) =>
  (outside.prepare("SELECT value FROM kv_strings WHERE key = ?").get(key) as { value: string } | undefined)
    ?.value ?? null;

// Keys share one hash tag: a MULTI across hash slots is refused on every driver (lib/storage/kv/slots.ts).
test("concurrent batches share one commit, and each is answered only once it is committed", async () => {
  const before = { ...driver.stats };
  const seenAtAnswer: (string | null)[] = [];
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      kv
        .multi()
        .set(`{g}:k${i}`, `v${i}`)
        .incrby("{g}:total", 1)
        .exec()
        .then(() => seenAtAnswer.push(committed(`{g}:k${i}`))),
    ),
  );
  expect(seenAtAnswer.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`).sort());
  expect(driver.stats.commits - before.commits).toBe(1);
  expect(driver.stats.batches - before.batches).toBe(20);
  expect(await kv.get("{g}:total")).toBe("20");
});

test("a batch that fails in a group is undone alone; the others commit", async () => {
  // A fault the store itself raises mid-batch (as a full disk or a constraint would).
  outside.exec(
    "CREATE TRIGGER poison BEFORE INSERT ON kv_strings WHEN NEW.value = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
  );
  const results = await Promise.allSettled([
    kv.multi().set("{g}:a", "1").hset("{g}:ha", { f: "1" }).exec(),
    kv.multi().set("{g}:b", "1").set("{g}:b2", "poison").hset("{g}:hb", { f: "1" }).exec(),
    kv.multi().set("{g}:c", "1").hset("{g}:hc", { f: "1" }).exec(),
  ]);
  expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/poisoned/);
  expect([committed("{g}:a"), committed("{g}:b"), committed("{g}:b2"), committed("{g}:c")]).toEqual([
    "1",
    null,
    null,
    "1",
  ]);
  expect(await kv.hgetall("{g}:hb")).toEqual({});
  expect(await kv.hgetall("{g}:hc")).toEqual({ f: "1" });
});

test("a lone command sent while a group waits runs after that group, in order", async () => {
  const write = kv.multi().set("{g}:order", "from the batch").incrby("{g}:n", 1).exec();
  const read = kv.get("{g}:order");
  await write;
  expect(await read).toBe("from the batch");
});

test("a scan sees the batches sent before it", async () => {
  const write = kv.multi().set("{g}:p:1", "x").set("{g}:p:2", "y").exec();
  expect(await kv.scan("{g}:p:")).toEqual(["{g}:p:1", "{g}:p:2"]);
  await write;
});

test("closing commits what is waiting", async () => {
  const write = kv.multi().set("{g}:late", "kept").incrby("{g}:m", 1).exec();
  await kv.close();
  await write;
  expect(committed("{g}:late")).toBe("kept");
  kv = createKv(new EmbeddedKv(file));
});

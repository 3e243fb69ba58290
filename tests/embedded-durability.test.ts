import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { createKv } from "@/lib/storage/kv/client";
import { EmbeddedKv } from "@/lib/storage/kv/embedded";

test("embedded data survives closing and reopening the file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rewind-durable-"));
  const file = join(dir, "rewind.db");
  const first = createKv(new EmbeddedKv(file));
  await first.set("s", "kept");
  await first.set("ttl", "kept too", { px: 60_000 });
  await first
    .multi()
    .hset("{d}h", { a: "1" })
    .hincrby("{d}h", "n", 5)
    .zadd("{d}z", { score: 7, member: "m" })
    .exec();
  await first.sadd("set", ["x", "y"]);
  await first.close();

  const second = createKv(new EmbeddedKv(file));
  expect(await second.get("s")).toBe("kept");
  expect(await second.get("ttl")).toBe("kept too");
  expect(await second.pttl("ttl")).toBeGreaterThan(50_000);
  expect(await second.hgetall("{d}h")).toEqual({ a: "1", n: "5" });
  expect(await second.zscore("{d}z", "m")).toBe(7);
  expect((await second.smembers("set")).sort()).toEqual(["x", "y"]);
  await second.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the sweeper removes expired keys without a read", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rewind-sweep-"));
  const driver = new EmbeddedKv(join(dir, "rewind.db"));
  const kv = createKv(driver);
  await kv.set("gone", "x", { px: 20 });
  await kv.hset("stays", { a: "1" });
  await new Promise((r) => setTimeout(r, 60));
  expect(await driver.sweepExpired()).toBe(1);
  expect(await kv.scan("")).toEqual(["stays"]);
  await kv.close();
  rmSync(dir, { recursive: true, force: true });
});

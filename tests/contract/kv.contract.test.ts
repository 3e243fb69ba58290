import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createKv, type Kv } from "@/lib/storage/kv/client";
import { EmbeddedKv } from "@/lib/storage/kv/embedded";
import { RedisKv } from "@/lib/storage/kv/redis";
import { ThreadedRedisKv } from "@/lib/storage/kv/redis-threaded";
import { KvError } from "@/lib/storage/kv/types";
import { UpstashKv } from "@/lib/storage/kv/upstash";
import { startUpstashBridge, type UpstashBridge } from "../helpers/upstash-bridge";

/** One contract, every KV driver: the same Redis semantics whatever the store. */

const redisUrl = inject("redisUrl");
const redisClusterUrl = inject("redisClusterUrl");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface DriverCase {
  name: string;
  available: boolean;
  open(): Promise<{ kv: Kv; cleanup(): Promise<void> }>;
}

const drivers: DriverCase[] = [
  {
    name: "embedded",
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "rewind-kv-"));
      const kv = createKv(new EmbeddedKv(join(dir, "rewind.db")));
      const cleanup = async () => {
        await kv.close();
        rmSync(dir, { recursive: true, force: true });
      };
      return { kv, cleanup };
    },
  },
  {
    name: "redis",
    available: Boolean(redisUrl),
    async open() {
      const kv = createKv(new RedisKv(redisUrl!));
      return { kv, cleanup: () => kv.close() };
    },
  },
  {
    name: "redis cluster",
    available: Boolean(redisClusterUrl),
    async open() {
      const kv = createKv(new RedisKv(redisClusterUrl!, { cluster: true }));
      return { kv, cleanup: () => kv.close() };
    },
  },
  {
    name: "redis on its thread",
    available: Boolean(redisUrl),
    async open() {
      const kv = createKv(new ThreadedRedisKv(redisUrl!));
      return { kv, cleanup: () => kv.close() };
    },
  },
  {
    name: "redis cluster on its thread",
    available: Boolean(redisClusterUrl),
    async open() {
      const kv = createKv(new ThreadedRedisKv(redisClusterUrl!, { cluster: true }));
      return { kv, cleanup: () => kv.close() };
    },
  },
  {
    name: "upstash",
    available: Boolean(redisUrl),
    async open() {
      const bridge: UpstashBridge = await startUpstashBridge(redisUrl!);
      const kv = createKv(new UpstashKv(bridge.url, bridge.token, { retry: false }));
      const cleanup = async () => {
        await kv.close();
        await bridge.close();
      };
      return { kv, cleanup };
    },
  },
];

describe.each(drivers)("KV contract: $name", ({ available, open }) => {
  let kv: Kv;
  let cleanup: () => Promise<void>;
  // Each run gets its own key space, so suites can share one Redis.
  const ns = `t:${randomUUID()}:`;
  const k = (name: string) => `${ns}${name}`;

  beforeAll(async () => {
    if (!available) return;
    ({ kv, cleanup } = await open());
  });
  afterAll(async () => {
    if (!available) return;
    const keys = await kv.scan(ns);
    if (keys.length) await kv.del(keys);
    await cleanup();
  });

  describe.skipIf(!available)("strings", () => {
    test("a missing key reads as null and does not exist", async () => {
      expect(await kv.get(k("nothing"))).toBeNull();
      expect(await kv.exists(k("nothing"))).toBe(false);
      expect(await kv.pttl(k("nothing"))).toBe(-2);
    });

    test("set then get round-trips text, including non-ASCII", async () => {
      expect(await kv.set(k("s1"), "héllo ✓ 🎬")).toBe(true);
      expect(await kv.get(k("s1"))).toBe("héllo ✓ 🎬");
      expect(await kv.pttl(k("s1"))).toBe(-1);
    });

    test("set NX only writes when the key is absent", async () => {
      expect(await kv.set(k("nx"), "first", { nx: true })).toBe(true);
      expect(await kv.set(k("nx"), "second", { nx: true })).toBe(false);
      expect(await kv.get(k("nx"))).toBe("first");
    });

    test("set PX gives the key a time to live and it expires", async () => {
      await kv.set(k("px"), "v", { px: 150 });
      const ttl = await kv.pttl(k("px"));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(150);
      await sleep(250);
      expect(await kv.get(k("px"))).toBeNull();
      expect(await kv.exists(k("px"))).toBe(false);
    });

    test("an expired NX marker can be taken again", async () => {
      expect(await kv.set(k("lock"), "a", { nx: true, px: 100 })).toBe(true);
      expect(await kv.set(k("lock"), "b", { nx: true, px: 100 })).toBe(false);
      await sleep(200);
      expect(await kv.set(k("lock"), "c", { nx: true, px: 100 })).toBe(true);
    });

    test("incrby counts from zero and refuses non-integers", async () => {
      expect(await kv.incrby(k("n"), 5)).toBe(5);
      expect(await kv.incrby(k("n"), -2)).toBe(3);
      await kv.set(k("text"), "abc");
      await expect(kv.incrby(k("text"), 1)).rejects.toBeInstanceOf(KvError);
    });

    test("del counts the keys it removed, across types", async () => {
      await kv.set(k("d1"), "x");
      await kv.hset(k("d2"), { a: 1 });
      expect(await kv.del([k("d1"), k("d2"), k("d3")])).toBe(2);
      expect(await kv.exists(k("d1"))).toBe(false);
    });

    test("pexpire works on any type and a missing key answers false", async () => {
      await kv.sadd(k("exp-set"), "m");
      expect(await kv.pexpire(k("exp-set"), 100)).toBe(true);
      expect(await kv.pexpire(k("exp-missing"), 100)).toBe(false);
      await sleep(200);
      expect(await kv.smembers(k("exp-set"))).toEqual([]);
    });

    test("a command on the wrong type fails with KvError", async () => {
      await kv.hset(k("wt"), { a: "1" });
      await expect(kv.get(k("wt"))).rejects.toBeInstanceOf(KvError);
    });
  });

  describe.skipIf(!available)("hashes", () => {
    test("hset counts new fields only and hgetall returns them all", async () => {
      expect(await kv.hset(k("h"), { a: "1", b: 2 })).toBe(2);
      expect(await kv.hset(k("h"), { b: 3, c: "x" })).toBe(1);
      expect(await kv.hgetall(k("h"))).toEqual({ a: "1", b: "3", c: "x" });
      expect(await kv.hget(k("h"), "b")).toBe("3");
      expect(await kv.hget(k("h"), "zz")).toBeNull();
    });

    test("hmget keeps positions, with null for missing fields and keys", async () => {
      await kv.hset(k("hm"), { a: "1", c: "3" });
      expect(await kv.hmget(k("hm"), ["a", "b", "c"])).toEqual(["1", null, "3"]);
      expect(await kv.hmget(k("hm-missing"), ["a", "b"])).toEqual([null, null]);
    });

    test("a hash of thousands of fields and a large set come back whole, alone and in a pipeline", async () => {
      // The embedded thread sends long string replies as one JSON string (a heatmap day's grid).
      const fields: Record<string, string> = {};
      for (let i = 0; i < 3000; i++) fields[`${i % 48}:${i}${i % 7 ? "" : ' "q\\ é 🔥\n'}`] = String(i);
      await kv.hset(k("big"), fields);
      const members = Array.from({ length: 300 }, (_, i) => `m${i}`);
      await kv.sadd(k("big-set"), members);
      expect(await kv.hgetall(k("big"))).toEqual(fields);
      const [hash, small, set] = await kv
        .pipeline()
        .hgetall(k("big"))
        .hmget(k("big"), [Object.keys(fields)[0]!, "1:1"])
        .smembers(k("big-set"))
        .exec<[Record<string, string>, (string | null)[], string[]]>();
      expect(hash).toEqual(fields);
      expect(small).toEqual(["0", "1"]);
      expect([...set].sort()).toEqual([...members].sort());
    });

    test("hgetall of a missing key is an empty object", async () => {
      expect(await kv.hgetall(k("h-missing"))).toEqual({});
    });

    test("hsetnx keeps the first value", async () => {
      expect(await kv.hsetnx(k("hnx"), "f", "one")).toBe(true);
      expect(await kv.hsetnx(k("hnx"), "f", "two")).toBe(false);
      expect(await kv.hget(k("hnx"), "f")).toBe("one");
    });

    test("hincrby adds to a field and refuses a non-integer field", async () => {
      expect(await kv.hincrby(k("hi"), "clicks", 3)).toBe(3);
      expect(await kv.hincrby(k("hi"), "clicks", 4)).toBe(7);
      await kv.hset(k("hi"), { name: "x" });
      await expect(kv.hincrby(k("hi"), "name", 1)).rejects.toBeInstanceOf(KvError);
    });

    test("hdel of the last field removes the key", async () => {
      await kv.hset(k("hd"), { a: "1", b: "2" });
      expect(await kv.hdel(k("hd"), ["a", "zz"])).toBe(1);
      expect(await kv.exists(k("hd"))).toBe(true);
      expect(await kv.hdel(k("hd"), "b")).toBe(1);
      expect(await kv.exists(k("hd"))).toBe(false);
    });

    test("200 concurrent hincrby calls give the exact sum", async () => {
      await Promise.all(Array.from({ length: 200 }, (_, i) => kv.hincrby(k("race"), "n", i + 1)));
      expect(await kv.hget(k("race"), "n")).toBe(String((200 * 201) / 2));
    });
  });

  describe.skipIf(!available)("sets", () => {
    test("sadd, sismember, scard, smembers and srem", async () => {
      expect(await kv.sadd(k("set"), ["a", "b", "a"])).toBe(2);
      expect(await kv.sadd(k("set"), "c")).toBe(1);
      expect(await kv.sismember(k("set"), "b")).toBe(true);
      expect(await kv.sismember(k("set"), "z")).toBe(false);
      expect(await kv.scard(k("set"))).toBe(3);
      expect((await kv.smembers(k("set"))).sort()).toEqual(["a", "b", "c"]);
      expect(await kv.srem(k("set"), ["a", "z"])).toBe(1);
      expect(await kv.scard(k("set"))).toBe(2);
    });

    test("a missing set is empty", async () => {
      expect(await kv.smembers(k("set-missing"))).toEqual([]);
      expect(await kv.scard(k("set-missing"))).toBe(0);
    });
  });

  describe.skipIf(!available)("sorted sets", () => {
    const seed = async (key: string) =>
      kv.zadd(key, [
        { score: 3, member: "c" },
        { score: 1, member: "a" },
        { score: 2, member: "b" },
        { score: 2, member: "bb" },
        { score: 5, member: "e" },
      ]);

    test("zmscore reads many scores at once, null for absent members and keys", async () => {
      await kv.zadd(k("zm"), [
        { score: 1, member: "a" },
        { score: 2.5, member: "b" },
        { score: Number.POSITIVE_INFINITY, member: "c" },
      ]);
      expect(await kv.zmscore(k("zm"), ["b", "nope", "a", "c"])).toEqual([
        2.5,
        null,
        1,
        Number.POSITIVE_INFINITY,
      ]);
      expect(await kv.zmscore(k("zm-missing"), ["a", "b"])).toEqual([null, null]);
      const many = Array.from({ length: 1200 }, (_, i) => `m${i}`);
      await kv.zadd(
        k("zm-many"),
        many.filter((_, i) => i % 3 === 0).map((member, i) => ({ score: i, member })),
      );
      const scores = await kv.zmscore(k("zm-many"), many);
      expect(scores.filter((x) => x !== null)).toHaveLength(400);
      expect(scores[3]).toBe(1);
      expect(scores[4]).toBeNull();
      await kv.set(k("zm-str"), "x");
      await expect(kv.zmscore(k("zm-str"), ["a"])).rejects.toThrow(/WRONGTYPE/);
    });

    test("zrange by lex reads members in byte order between bounds, as a prefix search uses it", async () => {
      const paths = [
        "/checkout",
        "/checkout/payment",
        "/checkouts",
        "/cart",
        "/café",
        "/cafz",
        "/c",
        "/d",
        "/check",
      ];
      await kv.zadd(
        k("lex"),
        paths.map((member) => ({ score: 0, member })),
      );
      const top = "\u{10FFFF}";
      expect(await kv.zrange(k("lex"), { by: "lex", min: "[/checkout", max: `[/checkout${top}` })).toEqual([
        "/checkout",
        "/checkout/payment",
        "/checkouts",
      ]);
      expect(await kv.zrange(k("lex"), { by: "lex", min: "(/checkout", max: "(/d" })).toEqual([
        "/checkout/payment",
        "/checkouts",
      ]);
      // UTF-8 bytes: "é" (C3 A9) sorts after every ASCII letter.
      expect(await kv.zrange(k("lex"), { by: "lex", min: "[/caf", max: `[/caf${top}` })).toEqual([
        "/cafz",
        "/café",
      ]);
      expect(await kv.zrange(k("lex"), { by: "lex", min: "-", max: "+", offset: 1, count: 3 })).toEqual([
        "/cafz",
        "/café",
        "/cart",
      ]);
      expect(await kv.zrange(k("lex"), { by: "lex", min: "+", max: "-" })).toEqual([]);
      expect(await kv.zrange(k("lex-missing"), { by: "lex", min: "-", max: "+" })).toEqual([]);
      await expect(kv.zrange(k("lex"), { by: "lex", min: "a", max: "+" })).rejects.toThrow(/range item/);
    });

    test("zadd counts added members; zscore and zcard read them", async () => {
      expect(await seed(k("z"))).toBe(5);
      expect(await kv.zadd(k("z"), { score: 9, member: "a" })).toBe(0);
      expect(await kv.zscore(k("z"), "a")).toBe(9);
      expect(await kv.zscore(k("z"), "nope")).toBeNull();
      expect(await kv.zcard(k("z"))).toBe(5);
    });

    test("zadd takes a member given twice in one call once, on a new key too", async () => {
      const twice = [
        { score: 1, member: "m" },
        { score: 2, member: "n" },
        { score: 3, member: "m" },
      ];
      expect(await kv.zadd(k("zdup-nx"), twice, { nx: true })).toBe(2);
      expect(await kv.zscore(k("zdup-nx"), "m")).toBe(1);
      expect(await kv.zadd(k("zdup"), twice)).toBe(2);
      expect(await kv.zscore(k("zdup"), "m")).toBe(3);
      expect(await kv.zcard(k("zdup"))).toBe(2);
    });

    test("zadd NX never updates an existing member", async () => {
      await kv.zadd(k("znx"), { score: 10, member: "m" });
      expect(
        await kv.zadd(
          k("znx"),
          [
            { score: 1, member: "m" },
            { score: 2, member: "n" },
          ],
          { nx: true },
        ),
      ).toBe(1);
      expect(await kv.zscore(k("znx"), "m")).toBe(10);
    });

    test("zadd GT only raises a score, and still adds new members", async () => {
      await kv.zadd(k("zgt"), { score: 10, member: "end" });
      await kv.zadd(k("zgt"), { score: 5, member: "end" }, { gt: true });
      expect(await kv.zscore(k("zgt"), "end")).toBe(10);
      await kv.zadd(k("zgt"), { score: 20, member: "end" }, { gt: true });
      expect(await kv.zscore(k("zgt"), "end")).toBe(20);
      expect(await kv.zadd(k("zgt"), { score: 1, member: "new" }, { gt: true })).toBe(1);
    });

    test("zadd LT only lowers a score", async () => {
      await kv.zadd(k("zlt"), { score: 10, member: "start" });
      await kv.zadd(k("zlt"), { score: 15, member: "start" }, { lt: true });
      expect(await kv.zscore(k("zlt"), "start")).toBe(10);
      await kv.zadd(k("zlt"), { score: 4, member: "start" }, { lt: true });
      expect(await kv.zscore(k("zlt"), "start")).toBe(4);
    });

    test("zrange by rank, ascending and reversed, ties ordered by member", async () => {
      await seed(k("zr"));
      expect(await kv.zrange(k("zr"), { by: "rank", start: 0, stop: -1 })).toEqual([
        "a",
        "b",
        "bb",
        "c",
        "e",
      ]);
      expect(await kv.zrange(k("zr"), { by: "rank", start: 0, stop: 1, rev: true })).toEqual(["e", "c"]);
      expect(await kv.zrange(k("zr"), { by: "rank", start: -2, stop: -1 })).toEqual(["c", "e"]);
      expect(await kv.zrange(k("zr"), { by: "rank", start: 10, stop: 20 })).toEqual([]);
    });

    test("zrange by score with LIMIT pages through a range", async () => {
      await seed(k("zs"));
      expect(await kv.zrange(k("zs"), { by: "score", min: 2, max: 5 })).toEqual(["b", "bb", "c", "e"]);
      expect(await kv.zrange(k("zs"), { by: "score", min: 2, max: 5, offset: 1, count: 2 })).toEqual([
        "bb",
        "c",
      ]);
      expect(
        await kv.zrange(k("zs"), { by: "score", min: "-inf", max: "+inf", offset: 4, count: 10 }),
      ).toEqual(["e"]);
    });

    test("zrange by score reversed takes min and max as given, newest first", async () => {
      await seed(k("zsr"));
      expect(await kv.zrange(k("zsr"), { by: "score", min: 1, max: 3, rev: true })).toEqual([
        "c",
        "bb",
        "b",
        "a",
      ]);
      expect(
        await kv.zrange(k("zsr"), { by: "score", min: "-inf", max: "+inf", rev: true, count: 2 }),
      ).toEqual(["e", "c"]);
    });

    test("zrevrank counts from the top, ties ordered by member, like zrange rev", async () => {
      await seed(k("zrr"));
      const rev = await kv.zrange(k("zrr"), { by: "rank", start: 0, stop: -1, rev: true });
      for (const [i, member] of rev.entries()) expect(await kv.zrevrank(k("zrr"), member)).toBe(i);
      expect(await kv.zrevrank(k("zrr"), "nope")).toBeNull();
      expect(await kv.zrevrank(k("zrr-missing"), "a")).toBeNull();
    });

    test("exclusive bounds leave out the edge", async () => {
      await seed(k("zex"));
      expect(await kv.zrange(k("zex"), { by: "score", min: { exclusive: 2 }, max: 5 })).toEqual(["c", "e"]);
      expect(await kv.zrange(k("zex"), { by: "score", min: 1, max: { exclusive: 3 } })).toEqual([
        "a",
        "b",
        "bb",
      ]);
      expect(await kv.zcount(k("zex"), { exclusive: 1 }, 3)).toBe(3);
    });

    test("zrangeWithScores returns scores as numbers, infinities included", async () => {
      await kv.zadd(k("zinf"), [
        { score: Number.NEGATIVE_INFINITY, member: "low" },
        { score: 1.5, member: "mid" },
        { score: Number.POSITIVE_INFINITY, member: "high" },
      ]);
      expect(await kv.zrangeWithScores(k("zinf"), { by: "rank", start: 0, stop: -1 })).toEqual([
        { member: "low", score: Number.NEGATIVE_INFINITY },
        { member: "mid", score: 1.5 },
        { member: "high", score: Number.POSITIVE_INFINITY },
      ]);
    });

    test("large millisecond timestamps keep their precision", async () => {
      const t = 1_795_000_123_456;
      await kv.zadd(k("zts"), { score: t, member: "s" });
      expect(await kv.zscore(k("zts"), "s")).toBe(t);
      expect(await kv.zrange(k("zts"), { by: "score", min: t, max: t })).toEqual(["s"]);
    });

    test("zrem and zremrangebyscore remove members; the last one removes the key", async () => {
      await seed(k("zrm"));
      expect(await kv.zrem(k("zrm"), ["a", "zz"])).toBe(1);
      expect(await kv.zremrangebyscore(k("zrm"), 2, 3)).toBe(3);
      expect(await kv.zrange(k("zrm"), { by: "rank", start: 0, stop: -1 })).toEqual(["e"]);
      expect(await kv.zremrangebyscore(k("zrm"), "-inf", "+inf")).toBe(1);
      expect(await kv.exists(k("zrm"))).toBe(false);
    });

    test("a missing sorted set is empty everywhere", async () => {
      expect(await kv.zcard(k("zmissing"))).toBe(0);
      expect(await kv.zrange(k("zmissing"), { by: "score", min: "-inf", max: "+inf" })).toEqual([]);
      expect(await kv.zcount(k("zmissing"), "-inf", "+inf")).toBe(0);
    });
  });

  describe.skipIf(!available)("intersection and union", () => {
    test("zinterstore keeps common members with the aggregate score", async () => {
      await kv.zadd(k("{i}a"), [
        { score: 1, member: "x" },
        { score: 2, member: "y" },
        { score: 3, member: "z" },
      ]);
      await kv.zadd(k("{i}b"), [
        { score: 10, member: "y" },
        { score: 20, member: "z" },
        { score: 30, member: "w" },
      ]);
      expect(await kv.zinterstore(k("{i}out"), [k("{i}a"), k("{i}b")], { aggregate: "min" })).toBe(2);
      expect(await kv.zrangeWithScores(k("{i}out"), { by: "rank", start: 0, stop: -1 })).toEqual([
        { member: "y", score: 2 },
        { member: "z", score: 3 },
      ]);
      expect(await kv.zinterstore(k("{i}sum"), [k("{i}a"), k("{i}b")], { weights: [1, 0] })).toBe(2);
      expect(await kv.zscore(k("{i}sum"), "z")).toBe(3);
    });

    test("zunionstore combines members, and an empty result leaves no key", async () => {
      await kv.zadd(k("{u}a"), { score: 1, member: "x" });
      await kv.zadd(k("{u}b"), [
        { score: 5, member: "x" },
        { score: 2, member: "y" },
      ]);
      expect(await kv.zunionstore(k("{u}out"), [k("{u}a"), k("{u}b")], { aggregate: "max" })).toBe(2);
      expect(await kv.zscore(k("{u}out"), "x")).toBe(5);
      expect(await kv.zinterstore(k("{u}none"), [k("{u}a"), k("{u}missing")])).toBe(0);
      expect(await kv.exists(k("{u}none"))).toBe(false);
    });
  });

  describe.skipIf(!available)("pipelines and transactions", () => {
    test("a pipeline returns each result parsed, in order", async () => {
      const results = await kv
        .pipeline()
        .set(k("p1"), "v")
        .get(k("p1"))
        .hincrby(k("p2"), "n", 2)
        .zadd(k("p3"), { score: 1, member: "m" })
        .zscore(k("p3"), "m")
        .hgetall(k("p2"))
        .exec();
      expect(results).toEqual([true, "v", 2, 1, 1, { n: "2" }]);
    });

    test("an empty pipeline resolves to no results", async () => {
      expect(await kv.pipeline().exec()).toEqual([]);
    });

    test("a 20-command multi applies every command", async () => {
      const m = kv.multi();
      for (let i = 0; i < 20; i++) m.hincrby(k("{m}agg"), "count", 1);
      const results = await m.exec<number[]>();
      expect(results.at(-1)).toBe(20);
      expect(await kv.hget(k("{m}agg"), "count")).toBe("20");
    });

    test("a failing command rejects its batch with KvError", async () => {
      await kv.set(k("pf"), "text");
      await expect(kv.pipeline().get(k("pf")).hget(k("pf"), "x").exec()).rejects.toBeInstanceOf(KvError);
    });

    test("concurrent multis on one hash never lose an increment", async () => {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          kv.multi().hincrby(k("{c}h"), "a", 1).hincrby(k("{c}h"), "b", 2).exec(),
        ),
      );
      expect(await kv.hmget(k("{c}h"), ["a", "b"])).toEqual(["50", "100"]);
    });
  });

  describe.skipIf(!available)("hash slots (what a cluster refuses, refused everywhere)", () => {
    test("a MULTI over two hash slots is refused before anything runs", async () => {
      const error = await kv
        .multi()
        .set(k("{a}x"), "1")
        .set(k("{b}x"), "2")
        .exec()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KvError);
      expect(String(error)).toMatch(/CROSSSLOT/);
      expect(await kv.exists(k("{a}x"))).toBe(false);
      expect(await kv.exists(k("{b}x"))).toBe(false);
    });

    test("an intersection over two hash slots is refused", async () => {
      await kv.zadd(k("{a}z"), { score: 1, member: "m" });
      await kv.zadd(k("{b}z"), { score: 1, member: "m" });
      await expect(kv.zinterstore(k("{a}out"), [k("{a}z"), k("{b}z")])).rejects.toThrow(/CROSSSLOT/);
    });

    test("a pipeline over many slots answers in the order asked; a DEL over many slots removes them all", async () => {
      const names = Array.from({ length: 40 }, (_, i) => k(`spread:${i}`));
      const p = kv.pipeline();
      for (const [i, name] of names.entries()) p.set(name, String(i)).get(name);
      const replies = await p.exec();
      expect(replies).toEqual(names.flatMap((_, i) => [true, String(i)]));
      expect(await kv.del([...names, k("spread:none")])).toBe(40);
      const again = kv.pipeline().set(names[0]!, "a").del(names).get(names[1]!);
      expect(await again.exec()).toEqual([true, 1, null]);
    });
  });

  describe.skipIf(!available)("scan", () => {
    test("scan by prefix finds exactly the keys under it", async () => {
      await kv.set(k("scan:a"), "1");
      await kv.hset(k("scan:b"), { f: "1" });
      await kv.zadd(k("scan:c:d"), { score: 1, member: "m" });
      await kv.set(k("scanner"), "not under the prefix");
      expect(await kv.scan(k("scan:"))).toEqual([k("scan:a"), k("scan:b"), k("scan:c:d")]);
    });

    test("glob characters in a prefix are taken literally", async () => {
      await kv.set(k("g*lob:1"), "1");
      await kv.set(k("gXlob:2"), "2");
      expect(await kv.scan(k("g*lob:"))).toEqual([k("g*lob:1")]);
    });

    test("expired keys are not listed", async () => {
      await kv.set(k("scanexp:a"), "1", { px: 50 });
      await sleep(120);
      expect(await kv.scan(k("scanexp:"))).toEqual([]);
    });
  });
});

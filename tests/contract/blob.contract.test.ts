import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { LocalBlobStore } from "@/lib/storage/blob/local";
import { S3BlobStore } from "@/lib/storage/blob/s3";
import { BlobKeyError, type BlobStore, readAll } from "@/lib/storage/blob/types";
import { VercelBlobStore } from "@/lib/storage/blob/vercel";
import { freshBucket } from "../helpers/s3-server";
import { startVercelBlobFake, type VercelBlobFake } from "../helpers/vercel-blob-fake";

/** One contract, every blob driver. */

interface BlobCase {
  name: string;
  open(): Promise<{ store: BlobStore; cleanup(): Promise<void> }>;
}

const drivers: BlobCase[] = [
  {
    name: "local",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "rewind-blob-"));
      return {
        store: new LocalBlobStore(dir),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "vercel",
    async open() {
      const fake: VercelBlobFake = await startVercelBlobFake();
      // @vercel/blob reads its API base from the environment on every call.
      process.env.VERCEL_BLOB_API_URL = fake.apiUrl;
      process.env.VERCEL_BLOB_RETRIES = "0";
      return {
        store: new VercelBlobStore(fake.token),
        cleanup: async () => {
          delete process.env.VERCEL_BLOB_API_URL;
          await fake.close();
        },
      };
    },
  },
  {
    name: "s3",
    async open() {
      const store = new S3BlobStore(await freshBucket(inject("s3")));
      return { store, cleanup: async () => {} };
    },
  },
];

describe.each(drivers)("Blob contract: $name", ({ open }) => {
  let store: BlobStore;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => cleanup());

  test("bytes round-trip exactly, including every byte value", async () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    await store.put("rec/30d/ws1/s1/0001-a.json.gz", bytes, { contentType: "application/gzip" });
    const stream = await store.get("rec/30d/ws1/s1/0001-a.json.gz");
    expect(stream).not.toBeNull();
    expect(Buffer.from(await readAll(stream!)).equals(Buffer.from(bytes))).toBe(true);
  });

  test("a 10 MB object round-trips", async () => {
    const bytes = randomBytes(10 * 1024 * 1024);
    await store.put("big/ten-mb.bin", bytes);
    const back = await readAll((await store.get("big/ten-mb.bin"))!);
    expect(back.byteLength).toBe(bytes.length);
    expect(Buffer.from(back).equals(bytes)).toBe(true);
  });

  test("put replaces an existing object", async () => {
    await store.put("replace/me.txt", Buffer.from("first"));
    await store.put("replace/me.txt", Buffer.from("second"));
    expect(Buffer.from(await readAll((await store.get("replace/me.txt"))!)).toString()).toBe("second");
  });

  test("a missing key reads as null", async () => {
    expect(await store.get("nothing/here.bin")).toBeNull();
  });

  test("delete removes objects and ignores missing keys", async () => {
    await store.put("del/a.bin", Buffer.from("a"));
    await store.put("del/b.bin", Buffer.from("b"));
    await store.delete(["del/a.bin", "del/missing.bin"]);
    expect(await store.get("del/a.bin")).toBeNull();
    expect(await store.get("del/b.bin")).not.toBeNull();
  });

  test("list by prefix returns keys and sizes under it, sorted", async () => {
    await store.put("list/w1/s1/2-b.gz", Buffer.from("bb"));
    await store.put("list/w1/s1/1-a.gz", Buffer.from("a"));
    await store.put("list/w1/s2/1-c.gz", Buffer.from("ccc"));
    await store.put("list/w2/s1/1-d.gz", Buffer.from("dddd"));
    expect(await store.list("list/w1/")).toEqual([
      { key: "list/w1/s1/1-a.gz", size: 1 },
      { key: "list/w1/s1/2-b.gz", size: 2 },
      { key: "list/w1/s2/1-c.gz", size: 3 },
    ]);
    expect((await store.list("list/w1/s")).map((e) => e.key)).toHaveLength(3);
    expect(await store.list("list/none/")).toEqual([]);
  });

  test("list and delete go past one page of 1,000 keys", { timeout: 120_000 }, async () => {
    const keys = Array.from({ length: 1_050 }, (_, i) => `many/k${String(i).padStart(5, "0")}.bin`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, Buffer.from("x"))));
    }
    const listed = await store.list("many/");
    expect(listed.map((e) => e.key)).toEqual(keys);
    await store.delete(keys);
    expect(await store.list("many/")).toEqual([]);
  });

  test.each([
    "../escape",
    "a/../../etc/passwd",
    "/absolute",
    "trailing/",
    "double//slash",
    "spa ce",
    "back\\slash",
    ".hidden",
    "nul\u0000byte",
    "unicodé",
    "",
    `${"x".repeat(600)}`,
  ])("the key %j is refused", async (key) => {
    await expect(store.put(key, Buffer.from("x"))).rejects.toBeInstanceOf(BlobKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobKeyError);
    await expect(store.delete([key])).rejects.toBeInstanceOf(BlobKeyError);
  });
});

test("local writes leave no temp files behind", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rewind-blob-"));
  const store = new LocalBlobStore(dir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.put("same/key.bin", Buffer.from(String(i)))));
  expect(readdirSync(join(dir, "same"))).toEqual(["key.bin"]);
  rmSync(dir, { recursive: true, force: true });
});

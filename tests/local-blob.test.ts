import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { LocalBlobStore } from "@/lib/storage/blob/local";

const text = async (stream: ReadableStream<Uint8Array> | null) =>
  stream ? new Response(stream).text() : null;

test("a write into a folder removed since it was first written makes the folder again", async () => {
  const root = mkdtempSync(join(tmpdir(), "rewind-blob-"));
  const store = new LocalBlobStore(root);
  await store.put("rec/1d/w/s/1-a.json.gz", Buffer.from("first"));
  rmSync(join(root, "rec", "1d", "w", "s"), { recursive: true });
  await store.put("rec/1d/w/s/2-b.json.gz", Buffer.from("second"));
  expect(await text(await store.get("rec/1d/w/s/2-b.json.gz"))).toBe("second");
  expect((await store.list("rec/")).map((e) => e.key)).toEqual(["rec/1d/w/s/2-b.json.gz"]);
  rmSync(root, { recursive: true, force: true });
});

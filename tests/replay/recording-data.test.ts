import { beforeAll, describe, expect, test } from "vitest";
import { addComment, deleteComment, getComment, listComments, updateComment } from "@/lib/data/comments";
import { chunkBlobKey, chunkManifest, deleteSession, getSession } from "@/lib/data/sessions";
import { addTag, listTags, removeTag, tagsOf, workspaceTags } from "@/lib/data/tags";
import { markWatched, watchedBy } from "@/lib/data/watched";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";
import { batch, click, custom, fullSnapshot, meta, mutation, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Player Co", "player@test.dev"));
});

const ingest = (body: Record<string, unknown>) => ingestBatch(key, body);

/** A session of three batches (one tab, seq 0, 1, 3: one batch lost) with a custom event. */
async function recordSession(sessionId: string) {
  await ingest(
    batch([meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/cart"), click(T0 + 100)], {
      sessionId,
      seq: 0,
    }),
  );
  await ingest(batch([mutation(T0 + 5000), custom(T0 + 5100, "checkout_started")], { sessionId, seq: 1 }));
  await ingest(batch([click(T0 + 9000), mutation(T0 + 9500)], { sessionId, seq: 3 }));
}

describe("chunk manifest", () => {
  test("lists chunks in time order with what the player plans from", async () => {
    await recordSession("s-manifest");
    const chunks = await chunkManifest(ws, "s-manifest");
    expect(chunks.map((c) => [c.firstTs, c.lastTs, c.full, c.seq, c.window, c.events])).toEqual([
      [T0, T0 + 100, true, 0, "w1", 4],
      [T0 + 5000, T0 + 5100, false, 1, "w1", 2],
      [T0 + 9000, T0 + 9500, false, 3, "w1", 2],
    ]);
    for (const c of chunks) {
      expect(c.id).toMatch(/^\d+-[A-Za-z0-9_-]+$/);
      expect(await chunkBlobKey(ws, "s-manifest", c.id)).toMatch(
        new RegExp(`/s-manifest/${c.id}\\.json\\.gz$`),
      );
    }
    expect(await chunkBlobKey(ws, "s-manifest", "1-nope")).toBeNull();
    expect(await chunkBlobKey(ws, "s-other", chunks[0]!.id)).toBeNull();
  });
});

describe("tags", () => {
  test("are normalized by the caller, listed, indexed for tag: and counted", async () => {
    await recordSession("s-tagged");
    await recordSession("s-untagged");
    const started = (await getSession(ws, "s-tagged"))!.startedAt;
    expect(await addTag(ws, "s-tagged", started, "confirmed-bug")).toBe(true);
    expect(await addTag(ws, "s-tagged", started, "confirmed-bug")).toBe(false);
    await addTag(ws, "s-tagged", started, "checkout");
    expect(await listTags(ws, "s-tagged")).toEqual(["checkout", "confirmed-bug"]);
    expect((await tagsOf(ws, ["s-tagged", "s-untagged"])).get("s-untagged")).toEqual([]);
    const found = await querySessions(ws, parseSearch("tag:confirmed-bug"), { sort: "recent", limit: 10 });
    expect(found.sessions.map((s) => s.id)).toEqual(["s-tagged"]);
    const notTagged = await querySessions(ws, parseSearch("-tag:confirmed-bug page:/cart"), {
      sort: "recent",
      limit: 10,
    });
    expect(notTagged.sessions.map((s) => s.id)).not.toContain("s-tagged");
    expect(await workspaceTags(ws)).toEqual([
      { tag: "checkout", count: 1 },
      { tag: "confirmed-bug", count: 1 },
    ]);
    expect(await removeTag(ws, "s-tagged", "checkout")).toBe(true);
    expect(await removeTag(ws, "s-tagged", "checkout")).toBe(false);
    expect(await workspaceTags(ws)).toEqual([{ tag: "confirmed-bug", count: 1 }]);
  });
});

describe("comments and watched", () => {
  test("add, edit, list in time order, delete", async () => {
    const late = await addComment(ws, "s-manifest", {
      userId: "u1",
      author: "Ann",
      atMs: 9000,
      text: "second",
    });
    const early = await addComment(ws, "s-manifest", {
      userId: "u2",
      author: "Bob",
      atMs: 100,
      text: "first",
    });
    expect((await listComments(ws, "s-manifest")).map((c) => c.text)).toEqual(["first", "second"]);
    const edited = await updateComment(ws, "s-manifest", early, "first, edited");
    expect(edited.updatedAt).toBeGreaterThanOrEqual(edited.createdAt);
    expect((await getComment(ws, "s-manifest", early.id))!.text).toBe("first, edited");
    await deleteComment(ws, "s-manifest", late.id);
    expect((await listComments(ws, "s-manifest")).map((c) => c.id)).toEqual([early.id]);
  });

  test("watched is per user", async () => {
    await markWatched(ws, "s-manifest", "u1");
    expect([...(await watchedBy(ws, ["s-manifest", "s-tagged"], "u1"))]).toEqual(["s-manifest"]);
    expect([...(await watchedBy(ws, ["s-manifest"], "u2"))]).toEqual([]);
  });
});

describe("deleting a recording", () => {
  test("leaves no key and no blob of it, and other sessions untouched", async () => {
    await recordSession("s-doomed");
    const started = (await getSession(ws, "s-doomed"))!.startedAt;
    await addTag(ws, "s-doomed", started, "confirmed-bug");
    await addComment(ws, "s-doomed", { userId: "u1", author: "Ann", atMs: 0, text: "gone soon" });
    await markWatched(ws, "s-doomed", "u1");
    expect(await deleteSession(ws, "s-doomed")).toBe(true);

    const store = await kv();
    const keys = await store.scan(`{w:${ws}}:`);
    expect(keys.filter((k) => k.includes("s-doomed"))).toEqual([]);
    for (const k of keys.filter((k) => k.includes(":ix:") || k.includes(":sess"))) {
      expect(await store.zscore(k, "s-doomed"), k).toBeNull();
    }
    expect((await (await blob()).list("rec/")).filter((b) => b.key.includes("s-doomed"))).toEqual([]);
    expect(await getSession(ws, "s-doomed")).toBeNull();
    expect(await workspaceTags(ws)).toEqual([{ tag: "confirmed-bug", count: 1 }]);
    expect(await getSession(ws, "s-tagged")).not.toBeNull();
    expect(await deleteSession(ws, "s-doomed")).toBe(false);
  });

  test("sessions stored before ingest listed their index keys are still removed from every index", async () => {
    await recordSession("s-legacy");
    const store = await kv();
    await store.del(`{w:${ws}}:s:s-legacy:ix`);
    await deleteSession(ws, "s-legacy");
    for (const k of await store.scan(`{w:${ws}}:ix:`))
      expect(await store.zscore(k, "s-legacy"), k).toBeNull();
  });
});

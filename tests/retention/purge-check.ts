import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { addComment } from "@/lib/data/comments";
import { getProjectKey } from "@/lib/data/keys";
import { lastPurge } from "@/lib/data/retention-runs";
import { storedBytesByRetention } from "@/lib/data/sessions";
import { addTag } from "@/lib/data/tags";
import { createUser } from "@/lib/data/users";
import { createWorkspace, getWorkspace, setRetention } from "@/lib/data/workspaces";
import { forgetIngestCache } from "@/lib/ingest/ingest";
import { deletionsIf } from "@/lib/retention/overview";
import { DAY_MS, purgeExpired } from "@/lib/retention/purge";
import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";
import { batch, custom, exception, fullSnapshot, meta, networkRequest, pageview } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { dumpKeys } from "../helpers/kv-dump";

/**
 * The retention purge on whatever stores the environment selects: sessions of several ages and
 * retention classes in two workspaces; a run stopped half way (between sessions and inside one)
 * and rerun leaves exactly the unexpired sessions, with no key, member or blob of the others.
 */

const NOW = Date.now();

async function record(key: string, ageDays: number, extra: { person?: string } = {}): Promise<string> {
  const sessionId = randomUUID();
  const at = NOW - ageDays * DAY_MS;
  const events: unknown[] = [
    meta(at),
    fullSnapshot(at + 1),
    pageview(at + 2, `https://shop.example/p/${sessionId.slice(0, 6)}`),
    custom(at + 3, "checkout_started", { cart: 2 }),
    exception(at + 4),
    // Captured requests add index keys and a per-session list: the purge must leave none of them.
    networkRequest(at + 6, "POST", `/api/cart/${sessionId.slice(0, 6)}`, 503, 1500),
  ];
  if (extra.person) {
    events.push({
      type: 5,
      timestamp: at + 5,
      data: { tag: "$identify", payload: { distinctId: extra.person, properties: { plan: "growth" } } },
    });
  }
  await ingestBatch(key, batch(events, { sessionId, distinctId: extra.person ?? `anon-${sessionId}` }));
  await ingestBatch(key, batch([pageview(at + 60_000, "https://shop.example/cart")], { sessionId, seq: 1 }));
  return sessionId;
}

async function blobKeys(): Promise<string[]> {
  return (await (await blob()).list("rec/")).map((b) => b.key);
}

/**
 * `shared`: the store holds other test files' workspaces (one Redis for the whole run), so the
 * purge is limited to this check's two; on a store of its own it visits every workspace.
 */
export async function checkRetentionPurge({ shared }: { shared: boolean }): Promise<void> {
  const owner = await createUser({ email: `ret-${randomUUID()}@test.dev`, name: "" });
  const a = await createWorkspace(owner.id, "Retention A");
  const b = await createWorkspace(owner.id, "Retention B");
  const keyA = (await getProjectKey(a.id)).current;
  const keyB = (await getProjectKey(b.id)).current;
  const scope = shared ? { workspaceIds: [a.id, b.id] } : {};
  const setClass = async (ws: string, days: number) => {
    await setRetention(ws, days, false);
    forgetIngestCache(ws);
  };

  // Workspace A: 30-day class (the default), then 7, then 90.
  const expired: string[] = [];
  const kept: string[] = [];
  const withExtras = await record(keyA, 40, { person: "gone@example.com" });
  await addComment(a.id, withExtras, { userId: owner.id, author: "o", atMs: 10, text: "look" });
  await addTag(a.id, withExtras, NOW - 40 * DAY_MS, "bug");
  expired.push(withExtras);
  for (let i = 0; i < 12; i++) expired.push(await record(keyA, 31 + i * 3));
  kept.push(await record(keyA, 10, { person: "stays@example.com" }), await record(keyA, 29));
  await setClass(a.id, 7);
  expired.push(await record(keyA, 8), await record(keyA, 7.01));
  kept.push(await record(keyA, 3));
  await setClass(a.id, 90);
  expired.push(await record(keyA, 100));
  const longKept = await record(keyA, 40);
  kept.push(longKept);
  // Workspace B keeps its own 30 days.
  const expiredB = await record(keyB, 45);
  const keptB = await record(keyB, 1);

  const blobsBefore = await blobKeys();
  const keptBlobs = blobsBefore.filter((k) => [...kept, keptB].some((sid) => k.includes(sid)));
  expect(keptBlobs.length).toBe((kept.length + 1) * 2);

  // First run stops after 5 sessions, as a crash between two sessions would.
  let deleted = 0;
  await expect(
    purgeExpired({
      ...scope,
      now: NOW,
      batchSize: 4,
      log: () => {},
      afterDelete: () => {
        if (++deleted === 5) throw new Error("killed");
      },
    }),
  ).rejects.toThrow("killed");
  // A crash inside the next session: its blobs went, its keys stayed.
  const store = await kv();
  const started = await store.zrange(`{w:${a.id}}:sess`, { by: "rank", start: 0, stop: -1 });
  const halfDone = expired.find((sid) => started.includes(sid))!;
  const halfBlobs = (await blobKeys()).filter((k) => k.includes(halfDone));
  expect(halfBlobs.length).toBe(2);
  await (await blob()).delete(halfBlobs);

  const lines: string[] = [];
  const rerun = await purgeExpired({ ...scope, now: NOW, batchSize: 4, log: (l) => lines.push(l) });
  expect(rerun.ran).toBe(true);
  expect(rerun.complete).toBe(true);
  expect(rerun.sessions).toBe(expired.length + 1 - 5);
  expect(lines.some((l) => l.includes("deleted 4 sessions"))).toBe(true);

  // Exactly the unexpired sessions remain, in both workspaces.
  const left = async (ws: string) =>
    (await store.zrange(`{w:${ws}}:sess`, { by: "rank", start: 0, stop: -1 })).sort();
  expect(await left(a.id)).toEqual([...kept].sort());
  expect(await left(b.id)).toEqual([keptB]);
  // No key, member or blob of an expired session anywhere.
  const dump = `${await dumpKeys(`{w:${a.id}}`)}\n${await dumpKeys(`{w:${b.id}}`)}`;
  for (const sid of [...expired, expiredB]) {
    expect(dump.split("\n").filter((line) => line.includes(sid))).toEqual([]);
  }
  expect(dump.includes("gone@example.com:")).toBe(false);
  const blobsAfter = await blobKeys();
  expect(blobsAfter.sort()).toEqual(keptBlobs.sort());
  // The usage counters follow.
  const bytes = async (ws: string) =>
    (await (await blob()).list("rec/"))
      .filter((x) => x.key.split("/")[2] === ws)
      .reduce((s, x) => s + x.size, 0);
  expect((await storedBytesByRetention(a.id)).reduce((s, c) => s + c.bytes, 0)).toBe(await bytes(a.id));
  const record_ = await lastPurge(a.id);
  expect(record_?.complete).toBe(true);
  expect(record_?.sessions).toBeGreaterThan(0);

  // Idempotent: a second run finds nothing.
  const again = await purgeExpired({ ...scope, now: NOW, log: () => {} });
  expect(again.sessions).toBe(0);
  expect(await left(a.id)).toEqual([...kept].sort());

  // Lowering retention for existing recordings: the warning counts what goes, and the purge takes it.
  const current = (await getWorkspace(a.id))!;
  expect(await deletionsIf(current, 30, false, NOW)).toBe(0);
  expect(await deletionsIf(current, 30, true, NOW)).toBe(1);
  expect(await deletionsIf(current, 5, true, NOW)).toBe(3);
  await setRetention(a.id, 30, true);
  const shortened = await purgeExpired({ ...scope, now: NOW, log: () => {} });
  expect(shortened.sessions).toBe(1);
  expect(await left(a.id)).toEqual(kept.filter((s) => s !== longKept).sort());
  expect((await blobKeys()).some((k) => k.includes(longKept))).toBe(false);
}

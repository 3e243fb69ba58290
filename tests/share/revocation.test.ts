import { randomUUID } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { getProjectKey } from "@/lib/data/keys";
import { deletePlaylist, savePlaylist } from "@/lib/data/playlists";
import { deleteSession } from "@/lib/data/sessions";
import { saveSharingPolicy } from "@/lib/data/settings";
import {
  createShare,
  listShares,
  resolveShareToken,
  revokeShare,
  type ShareInput,
  shareEpoch,
} from "@/lib/data/shares";
import { createUser } from "@/lib/data/users";
import { createWorkspace, type Workspace } from "@/lib/data/workspaces";
import { hashToken } from "@/lib/ids";
import { openShare } from "@/lib/shares/access";
import { kv } from "@/lib/storage/kv";
import { batch, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/** An ended share link never works again: revoked, target deleted, or sharing turned off and on. */

let ws: Workspace;
let userId: string;
let projectKey: string;

const on = { enabled: true, allowNever: true };
const off = { enabled: false, allowNever: true };
const linkTo = (targetId: string, kind: "recording" | "playlist" = "recording"): ShareInput =>
  kind === "recording"
    ? { kind, targetId, atMs: null, expiry: "never", showPerson: false }
    : { kind, targetId, expiry: "never", showPerson: false };

async function record(sessionId: string = randomUUID(), at = T0): Promise<string> {
  await ingestBatch(
    projectKey,
    batch([meta(at), fullSnapshot(at + 1), pageview(at + 2, "https://shop.example/")], { sessionId }),
  );
  return sessionId;
}

beforeAll(async () => {
  useTempDataDir();
  userId = (await createUser({ email: "revoke@test.dev", name: "R" })).id;
  ws = await createWorkspace(userId, "Revoke Co");
  projectKey = (await getProjectKey(ws.id)).current;
  await saveSharingPolicy(ws.id, on);
});

test("a revoked link stays ended", async () => {
  const sid = await record();
  const { share, token } = await createShare(ws.id, linkTo(sid), userId);
  expect(await openShare(token)).not.toBeNull();
  expect(await revokeShare(ws.id, share.id)).toBe(true);
  expect(await openShare(token)).toBeNull();
  expect(await revokeShare(ws.id, share.id)).toBe(false);
  expect(await openShare(token)).toBeNull();
});

test("deleting a recording ends its links, and the same session id recorded again does not revive them", async () => {
  const sid = await record();
  const other = await record();
  const { token } = await createShare(ws.id, linkTo(sid), userId);
  const { token: kept } = await createShare(ws.id, linkTo(other), userId);
  await deleteSession(ws.id, sid);
  expect(await resolveShareToken(token)).toBeNull();
  // The SDK may still send batches under that id: the recording comes back, its old link does not.
  await record(sid, T0 + 10_000);
  expect(await openShare(token)).toBeNull();
  expect(await openShare(kept)).not.toBeNull();
});

test("deleting a playlist ends its links for good", async () => {
  const playlist = await savePlaylist(
    ws.id,
    { name: "Doomed", description: "", query: "", sort: "recent" },
    { userId },
  );
  const { token } = await createShare(ws.id, linkTo(playlist.id, "playlist"), userId);
  await deletePlaylist(ws.id, playlist.id);
  expect(await resolveShareToken(token)).toBeNull();
});

test("turning sharing off ends every link, and turning it on again revives none", async () => {
  const sid = await record();
  const { token } = await createShare(ws.id, linkTo(sid), userId);
  expect(await openShare(token)).not.toBeNull();
  await saveSharingPolicy(ws.id, off);
  expect(await openShare(token)).toBeNull();
  await saveSharingPolicy(ws.id, on);
  expect(await openShare(token)).toBeNull();
  expect(await resolveShareToken(token)).toBeNull();
  expect((await listShares(ws.id)).map((s) => s.tokenDigest)).not.toContain(hashToken(token));
  // New links work again.
  const { token: fresh } = await createShare(ws.id, linkTo(sid), userId);
  expect(await openShare(fresh)).not.toBeNull();
});

test("a link made while sharing was being turned off belongs to the epoch that ended", async () => {
  const sid = await record();
  // The creating request read the epoch and saw sharing on; then an admin turned it off.
  const epoch = await shareEpoch(ws.id);
  await saveSharingPolicy(ws.id, off);
  const { token } = await createShare(ws.id, linkTo(sid), userId, Date.now(), epoch);
  await saveSharingPolicy(ws.id, on);
  expect(await openShare(token)).toBeNull();
  expect((await listShares(ws.id)).map((s) => s.tokenDigest)).not.toContain(hashToken(token));
});

test("links left behind by an interrupted clean-up stay dead", async () => {
  const sid = await record();
  const { share, token } = await createShare(ws.id, linkTo(sid), userId);
  // As if a turn-off crashed after moving the epoch on, before clearing the records.
  await (await kv()).incrby(`{w:${ws.id}}:shares:epoch`, 1);
  expect(await openShare(token)).toBeNull();
  await saveSharingPolicy(ws.id, on);
  expect(await openShare(token)).toBeNull();
  expect((await listShares(ws.id)).map((s) => s.id)).not.toContain(share.id);
});

test("links made before per-target sets existed end with their recording too", async () => {
  const other: Workspace = await createWorkspace(userId, "Legacy Co");
  await saveSharingPolicy(other.id, on);
  const key = (await getProjectKey(other.id)).current;
  const sid = randomUUID();
  await ingestBatch(key, batch([meta(T0), fullSnapshot(T0 + 1)], { sessionId: sid }));
  const { share, token } = await createShare(other.id, linkTo(sid), userId);
  // Rewrite it as an older version stored it: no epochs, no per-target set.
  const { epoch: _, ...legacy } = share;
  const store = await kv();
  await store.hset(`{w:${other.id}}:shares`, { [share.id]: JSON.stringify(legacy) });
  await store.del([
    `{w:${other.id}}:shares:epoch`,
    `{w:${other.id}}:shares:of:recording:${sid}`,
    `{w:${other.id}}:shares:of:complete`,
  ]);
  expect(await openShare(token)).not.toBeNull();
  await deleteSession(other.id, sid);
  await ingestBatch(key, batch([meta(T0 + 5000), fullSnapshot(T0 + 5001)], { sessionId: sid }));
  expect(await openShare(token)).toBeNull();
});

import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { beforeAll, expect, test } from "vitest";
import { GET as shareChunk } from "@/app/api/share/[token]/recordings/[sessionId]/chunks/[chunkId]/route";
import { PUT as pinRoute } from "@/app/api/v1/workspaces/[ws]/playlists/[playlistId]/recordings/[sessionId]/route";
import { DELETE as deletePlaylistRoute } from "@/app/api/v1/workspaces/[ws]/playlists/[playlistId]/route";
import { POST as createPlaylistRoute } from "@/app/api/v1/workspaces/[ws]/playlists/route";
import { PUT as sharingRoute } from "@/app/api/v1/workspaces/[ws]/settings/sharing/route";
import { DELETE as revokeRoute } from "@/app/api/v1/workspaces/[ws]/shares/[shareId]/route";
import { POST as createShareRoute, GET as listSharesRoute } from "@/app/api/v1/workspaces/[ws]/shares/route";
import { createPersonalKey, getProjectKey } from "@/lib/data/keys";
import { addMember } from "@/lib/data/members";
import { pinnedSessionIds } from "@/lib/data/playlists";
import { chunkManifest, deleteSession } from "@/lib/data/sessions";
import { createShare, listShares, resolveShareToken } from "@/lib/data/shares";
import { createUser } from "@/lib/data/users";
import { createWorkspace, type Workspace } from "@/lib/data/workspaces";
import { openShare } from "@/lib/shares/access";
import { batch, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { dumpKeys } from "../helpers/kv-dump";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * Share links end to end through the routes: off until an admin allows them, expiring, revocable,
 * stored hashed, opening exactly their recording or playlist, never the person unless chosen.
 */

let ws: Workspace;
let other: Workspace;
let ownerKey: string;
let memberKey: string;
let memberId: string;
let shopper: string;
let secondShopper: string;
let foreign: string;

const call = async (
  handler: (r: Request, c: { params: Promise<never> }) => Promise<Response>,
  path: string,
  params: Record<string, string>,
  init: { method?: string; body?: unknown; key?: string } = {},
) => {
  const res = await handler(
    new Request(`http://rewind.test${path}`, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${init.key ?? ownerKey}`,
        ...(init.body !== undefined && { "content-type": "application/json" }),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    }),
    { params: Promise.resolve(params as never) },
  );
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
};

async function record(projectKey: string, person: string): Promise<string> {
  const sessionId = randomUUID();
  await ingestBatch(
    projectKey,
    batch(
      [
        meta(T0),
        fullSnapshot(T0 + 1),
        pageview(T0 + 2, "https://shop.example/checkout"),
        {
          type: 5,
          timestamp: T0 + 3,
          data: { tag: "$identify", payload: { distinctId: person, properties: { plan: "secret-plan-x" } } },
        },
      ],
      { sessionId, distinctId: person },
    ),
  );
  return sessionId;
}

async function chunkOf(token: string, sessionId: string, chunkId: string) {
  const res = await shareChunk(new Request(`http://rewind.test/api/share/${token}`), {
    params: Promise.resolve({ token, sessionId, chunkId }),
  });
  // Every answer of the chunk routes is gzip (next.config.ts adds the Content-Encoding).
  return { status: res.status, text: gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8") };
}

beforeAll(async () => {
  useTempDataDir();
  const owner = await createUser({ email: "share-owner@test.dev", name: "Owner" });
  const member = await createUser({ email: "share-member@test.dev", name: "Member" });
  memberId = member.id;
  ws = await createWorkspace(owner.id, "Share Co");
  other = await createWorkspace(owner.id, "Other Co");
  await addMember(ws.id, member.id, "member");
  ownerKey = (await createPersonalKey(ws.id, { userId: owner.id, name: "t", scopes: ["read", "write"] })).key;
  memberKey = (await createPersonalKey(ws.id, { userId: member.id, name: "t", scopes: ["read", "write"] }))
    .key;
  const pk = (await getProjectKey(ws.id)).current;
  shopper = await record(pk, "alice@example.com");
  secondShopper = await record(pk, "bob@example.com");
  foreign = await record((await getProjectKey(other.id)).current, "carol@example.com");
});

const sharesPath = () => `/api/v1/workspaces/${ws.slug}/shares`;

test("sharing is off until an admin turns it on; never-expiring links need their own permission", async () => {
  const off = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "recording", targetId: shopper, expiry: "7d" },
      key: memberKey,
    },
  );
  expect(off.status).toBe(403);
  // A member cannot turn it on.
  const policy = `/api/v1/workspaces/${ws.slug}/settings/sharing`;
  expect(
    (
      await call(
        sharingRoute,
        policy,
        { ws: ws.slug },
        { method: "PUT", body: { enabled: true, allowNever: false }, key: memberKey },
      )
    ).status,
  ).toBe(403);
  expect(
    (
      await call(
        sharingRoute,
        policy,
        { ws: ws.slug },
        { method: "PUT", body: { enabled: true, allowNever: false } },
      )
    ).status,
  ).toBe(200);
  const never = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "recording", targetId: shopper, expiry: "never" },
      key: memberKey,
    },
  );
  expect(never.status).toBe(400);
});

test("a link opens its recording only, without the person unless chosen; the token is stored hashed", async () => {
  const made = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "recording", targetId: shopper, expiry: "7d", atMs: 1500 },
      key: memberKey,
    },
  );
  expect(made.status).toBe(201);
  const token = made.body.token as string;
  // 192 random bits, base64url.
  expect(token).toMatch(/^shr_[A-Za-z0-9_-]{32}$/);
  // The whole store where it is this file's own; on the shared cluster (other files' keys by the
  // hundred thousand), this file's workspaces and the token index.
  const stored =
    process.env.REWIND_TEST_KV === "cluster"
      ? (await Promise.all([`{w:${ws.id}}`, `{w:${other.id}}`, "share:"].map(dumpKeys))).join("\n")
      : await dumpKeys("");
  expect(stored).toContain(`{w:${ws.id}}:shares`);
  expect(stored).not.toContain(token.slice(4));

  const view = await openShare(token, { countView: true });
  expect(view?.sessions.map((s) => s.id)).toEqual([shopper]);
  expect(view?.share.atMs).toBe(1500);
  const [chunk] = await chunkManifest(ws.id, shopper);
  const served = await chunkOf(token, shopper, chunk!.id);
  expect(served.status).toBe(200);
  expect(served.text).toContain("$pageview");
  // Hidden person: no identify call, no property value, no distinct id.
  expect(served.text).not.toContain("secret-plan-x");
  expect(served.text).not.toContain("alice@example.com");
  // Nothing else through this token: another recording of the workspace, or of another one.
  const [other1] = await chunkManifest(ws.id, secondShopper);
  expect((await chunkOf(token, secondShopper, other1!.id)).status).toBe(404);
  const [other2] = await chunkManifest(other.id, foreign);
  expect((await chunkOf(token, foreign, other2!.id)).status).toBe(404);
  // Tampered and malformed tokens open nothing.
  const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
  expect(await openShare(tampered)).toBeNull();
  expect((await chunkOf(tampered, shopper, chunk!.id)).status).toBe(404);
  expect(await openShare("shr_short")).toBeNull();

  // Views are counted and the list shows creator and expiry, never the token.
  const list = await call(listSharesRoute, sharesPath(), { ws: ws.slug });
  const row = (list.body.shares as Record<string, unknown>[]).find((s) => s.targetId === shopper)!;
  expect(row).toMatchObject({ views: 1, creator: "Member", kind: "recording" });
  expect(JSON.stringify(list.body)).not.toContain(token);
  expect(JSON.stringify(list.body)).not.toContain("tokenDigest");

  // Showing the person is the creator's choice.
  const shown = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "recording", targetId: shopper, expiry: "1d", showPerson: true },
    },
  );
  expect((await chunkOf(shown.body.token as string, shopper, chunk!.id)).text).toContain("secret-plan-x");
});

test("a recording of another workspace cannot be shared from this one", async () => {
  const res = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "recording", targetId: foreign, expiry: "1d" },
    },
  );
  expect(res.status).toBe(404);
});

test("links expire, and revoking one ends it at once (its creator or an admin may)", async () => {
  const { token } = await createShare(
    ws.id,
    { kind: "recording", targetId: shopper, atMs: null, expiry: "1d", showPerson: false },
    memberId,
    Date.now() - 2 * 86_400_000,
  );
  expect(await resolveShareToken(token)).toBeNull();
  expect((await listShares(ws.id)).some((s) => s.createdAt < Date.now() - 86_400_000)).toBe(false);

  const made = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "recording", targetId: shopper, expiry: "30d" },
    },
  );
  const live = made.body.token as string;
  const shareId = (made.body.share as { id: string }).id;
  const [chunk] = await chunkManifest(ws.id, shopper);
  expect((await chunkOf(live, shopper, chunk!.id)).status).toBe(200);
  // A member cannot revoke the owner's link; the owner can.
  const path = `${sharesPath()}/${shareId}`;
  expect(
    (await call(revokeRoute, path, { ws: ws.slug, shareId }, { method: "DELETE", key: memberKey })).status,
  ).toBe(403);
  expect((await call(revokeRoute, path, { ws: ws.slug, shareId }, { method: "DELETE" })).status).toBe(200);
  expect(await openShare(live)).toBeNull();
  expect((await chunkOf(live, shopper, chunk!.id)).status).toBe(404);
  expect((await call(revokeRoute, path, { ws: ws.slug, shareId }, { method: "DELETE" })).status).toBe(404);
});

test("a playlist link opens exactly the playlist's recordings; deleting the playlist ends it", async () => {
  const created = await call(
    createPlaylistRoute,
    `/api/v1/workspaces/${ws.slug}/playlists`,
    { ws: ws.slug },
    {
      method: "POST",
      body: { name: "Checkout", query: "" },
      key: memberKey,
    },
  );
  expect(created.status).toBe(201);
  const playlistId = (created.body.playlist as { id: string }).id;
  const pin = (sid: string) =>
    call(pinRoute, "/pin", { ws: ws.slug, playlistId, sessionId: sid }, { method: "PUT", key: memberKey });
  expect((await pin(shopper)).status).toBe(201);
  expect((await pin(shopper)).status).toBe(200);
  expect((await pin(foreign)).status).toBe(404);
  const bad = await call(
    createPlaylistRoute,
    "/p",
    { ws: ws.slug },
    { method: "POST", body: { name: "x", query: "duration:>>" } },
  );
  expect(bad.status).toBe(400);
  expect(String((bad.body.error as { message: string }).message)).toContain("query");

  const shared = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "playlist", targetId: playlistId, expiry: "7d" },
      key: memberKey,
    },
  );
  const token = shared.body.token as string;
  expect((await openShare(token))?.sessions.map((s) => s.id)).toEqual([shopper]);
  const [inList] = await chunkManifest(ws.id, shopper);
  const [notInList] = await chunkManifest(ws.id, secondShopper);
  expect((await chunkOf(token, shopper, inList!.id)).status).toBe(200);
  expect((await chunkOf(token, secondShopper, notInList!.id)).status).toBe(404);

  expect(
    (await call(deletePlaylistRoute, "/p", { ws: ws.slug, playlistId }, { method: "DELETE", key: memberKey }))
      .status,
  ).toBe(200);
  expect(await openShare(token)).toBeNull();
});

test("deleting a recording takes it out of every playlist; turning sharing off ends every link", async () => {
  const created = await call(
    createPlaylistRoute,
    "/p",
    { ws: ws.slug },
    { method: "POST", body: { name: "Keep" } },
  );
  const playlistId = (created.body.playlist as { id: string }).id;
  await call(pinRoute, "/pin", { ws: ws.slug, playlistId, sessionId: secondShopper }, { method: "PUT" });
  const shared = await call(
    createShareRoute,
    sharesPath(),
    { ws: ws.slug },
    {
      method: "POST",
      body: { kind: "recording", targetId: shopper, expiry: "7d" },
    },
  );
  await call(
    sharingRoute,
    "/s",
    { ws: ws.slug },
    { method: "PUT", body: { enabled: false, allowNever: false } },
  );
  expect(await openShare(shared.body.token as string)).toBeNull();
  await deleteSession(ws.id, secondShopper);
  expect(await pinnedSessionIds(ws.id, playlistId)).toEqual([]);
  expect(await dumpKeys(`{w:${ws.id}}`)).not.toContain(secondShopper);
});

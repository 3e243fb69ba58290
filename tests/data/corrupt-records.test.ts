import { afterEach, beforeAll, expect, type MockInstance, test, vi } from "vitest";
import { listAudit, recordAudit } from "@/lib/data/audit";
import { decodeEvent } from "@/lib/data/events";
import { createInvite, findInvite, listInvites } from "@/lib/data/invites";
import {
  createPersonalKey,
  getPersonalKey,
  getProjectKey,
  listPersonalKeys,
  rotateProjectKey,
} from "@/lib/data/keys";
import { getRole, listMembers } from "@/lib/data/members";
import { lastPurge, savePurge } from "@/lib/data/retention-runs";
import { sessionKeys } from "@/lib/data/session-keys";
import { DEFAULT_SETTINGS, getRecordingSettings, saveRecordingSettings } from "@/lib/data/settings";
import { workspaceTags } from "@/lib/data/tags";
import { createUser, getUser, getUsers } from "@/lib/data/users";
import { sessionVitals } from "@/lib/data/vitals";
import { createWorkspace, getWorkspace, workspacesOf } from "@/lib/data/workspaces";
import { Corrupt } from "@/lib/errors/domain";
import { kv } from "@/lib/storage/kv";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * Every entity parses what it reads with its schema: a record that does not fit is Corrupt on a
 * single read (naming the record and the field) and left out, logged, of a list. The values are
 * written with the raw store, as a bug or a hand edit would.
 */

let owner: { id: string; email: string };
let ws: string;
let log: MockInstance<typeof console.error> | undefined;

beforeAll(async () => {
  useTempDataDir();
  owner = await createUser({ email: "owner@records.test", name: "Owner", password: "correct horse" });
  ws = (await createWorkspace(owner.id, "Records")).id;
});

const quietLog = () => {
  log = vi.spyOn(console, "error").mockImplementation(() => {});
  return log;
};
afterEach(() => log?.mockRestore());
const logged = () => (log?.mock.calls ?? []).map((c) => String(c[0])).join("\n");

test("stored strings become the record's types: numbers, booleans, null for unset", async () => {
  const w = (await getWorkspace(ws))!;
  expect(w.retentionDays).toBe(30);
  expect(w.retentionCapDays).toBeNull();
  expect(typeof w.createdAt).toBe("number");
  const u = (await getUser(owner.id))!;
  expect(u).toEqual({
    id: owner.id,
    email: owner.email,
    name: "Owner",
    createdAt: u.createdAt,
    hasPassword: true,
  });
  expect(u).not.toHaveProperty("passwordHash");
  await savePurge(ws, { startedAt: 1000, finishedAt: null, sessions: 3, bytes: 10, complete: true });
  expect(await lastPurge(ws)).toEqual({
    startedAt: 1000,
    finishedAt: null,
    sessions: 3,
    bytes: 10,
    complete: true,
  });
  const rotated = await rotateProjectKey(ws);
  expect(typeof rotated.rotatedAt).toBe("number");
  expect(typeof rotated.previousExpiresAt).toBe("number");
});

test("a workspace with an unreadable field is Corrupt alone and left out of its member's list", async () => {
  const other = (await createWorkspace(owner.id, "Broken")).id;
  await (await kv()).hset(`{w:${other}}:ws`, { retentionDays: "forever" });
  await expect(getWorkspace(other)).rejects.toBeInstanceOf(Corrupt);
  await expect(getWorkspace(other)).rejects.toThrow(
    `The stored workspace ${other} is unreadable (retentionDays: `,
  );
  quietLog();
  expect((await workspacesOf(owner.id)).map((w) => w.id)).toEqual([ws]);
  expect(logged()).toContain(`workspace ${other}`);
});

test("a user whose createdAt is no time is Corrupt alone and left out of getUsers", async () => {
  const u = await createUser({ email: "broken@records.test", name: "B" });
  await (await kv()).hset(`user:${u.id}`, { createdAt: "yesterday" });
  await expect(getUser(u.id)).rejects.toThrow(/The stored user .* is unreadable \(createdAt: /);
  quietLog();
  const found = await getUsers([owner.id, u.id]);
  expect([...found.keys()]).toEqual([owner.id]);
  expect(logged()).toContain(`user ${u.id}`);
});

test("an invite with a role that is none is left out of the pending list and Corrupt when opened", async () => {
  const { invite, token } = await createInvite(ws, {
    email: "new@records.test",
    role: "member",
    invitedBy: owner.id,
  });
  const kept = await createInvite(ws, { email: "kept@records.test", role: "viewer", invitedBy: owner.id });
  await (await kv()).hset(`{w:${ws}}:invite:${invite.id}`, { role: "god" });
  await expect(findInvite(token)).rejects.toThrow(`The stored invite ${invite.id} is unreadable (role: `);
  quietLog();
  expect((await listInvites(ws)).map((i) => i.id)).toEqual([kept.invite.id]);
  expect(logged()).toContain(`invite ${invite.id}`);
});

test("a member's role that is no role: Corrupt on its own, left out of the members list", async () => {
  const u = await createUser({ email: "odd-role@records.test", name: "" });
  await (await kv()).hset(`{w:${ws}}:members`, { [u.id]: "superuser" });
  await expect(getRole(ws, u.id)).rejects.toBeInstanceOf(Corrupt);
  quietLog();
  expect((await listMembers(ws)).map((m) => m.userId)).toEqual([owner.id]);
  expect(logged()).toContain(`role of ${u.id}`);
});

test("keys: an unreadable personal key is Corrupt alone and left out of the list; a bad project key hash is Corrupt", async () => {
  const good = await createPersonalKey(ws, { userId: owner.id, name: "good", scopes: ["read"] });
  const bad = await createPersonalKey(ws, { userId: owner.id, name: "bad", scopes: ["read"] });
  await (await kv()).hset(`{w:${ws}}:keys`, {
    [bad.meta.id]: JSON.stringify({ ...bad.meta, scopes: ["root"] }),
  });
  await expect(getPersonalKey(ws, bad.meta.id)).rejects.toThrow(/API key .* is unreadable \(scopes\.0: /);
  quietLog();
  expect((await listPersonalKeys(ws)).map((k) => k.id)).toEqual([good.meta.id]);
  expect(logged()).toContain(`API key ${bad.meta.id}`);

  await (await kv()).hset(`{w:${ws}}:projectkey`, { rotatedAt: "last week" });
  await expect(getProjectKey(ws)).rejects.toThrow(/project key of .* is unreadable \(rotatedAt: /);
});

test("a retention run whose flag is not 0/1 is Corrupt", async () => {
  await (await kv()).hset(`{w:${ws}}:ret:lastrun`, { complete: "yes" });
  await expect(lastPurge(ws)).rejects.toThrow(/retention run of .* is unreadable \(complete: /);
});

test("recording settings out of range are Corrupt, not silently the defaults; older ones get the new fields", async () => {
  const { canvas: _canvas, ...older } = DEFAULT_SETTINGS;
  await (await kv()).hset(`{w:${ws}}:settings`, { recording: JSON.stringify({ ...older, sampleRate: 0.5 }) });
  expect(await getRecordingSettings(ws)).toEqual({ ...DEFAULT_SETTINGS, sampleRate: 0.5 });
  await saveRecordingSettings(ws, DEFAULT_SETTINGS);
  await (await kv()).hset(`{w:${ws}}:settings`, {
    recording: JSON.stringify({ ...DEFAULT_SETTINGS, masking: { ...DEFAULT_SETTINGS.masking, level: 9 } }),
  });
  await expect(getRecordingSettings(ws)).rejects.toThrow(
    /recording settings of .* is unreadable \(masking\.level: /,
  );
});

test("an audit entry that is not JSON is left out of the log and logged", async () => {
  await recordAudit(ws, { actorId: owner.id, action: "test.first" });
  await (await kv()).zadd(`{w:${ws}}:audit`, { score: Date.now() + 1, member: "{not json" });
  quietLog();
  expect((await listAudit(ws)).map((e) => e.action)).toContain("test.first");
  expect(logged()).toContain("audit entry");
});

test("a session's Web Vital that does not fit is left out of its list and logged", async () => {
  const good = { name: "LCP", value: 1200, rating: "good", at: 5 };
  await (await kv()).hset(sessionKeys.vitals(ws, "s_vitals"), {
    "v1:LCP": JSON.stringify(good),
    "v2:LCP": JSON.stringify({ ...good, rating: "splendid" }),
  });
  quietLog();
  expect(await sessionVitals(ws, "s_vitals")).toEqual([{ ...good, view: "v1" }]);
  expect(logged()).toContain("Web Vital v2:LCP");
});

test("an event member that is not the stored tuple is skipped and logged", () => {
  quietLog();
  expect(decodeEvent(JSON.stringify(["e1", "s1", "$pageview", null, { path: "/a" }, "p1"]), 7)).toMatchObject(
    {
      id: "e1",
      at: 7,
      distinctId: "p1",
      props: { path: "/a" },
    },
  );
  expect(decodeEvent(JSON.stringify(["e2", "s1", 42, null]), 7)).toBeNull();
  expect(logged()).toContain("event");
});

test("tag counts: an unreadable counter is left out of the workspace's tags and logged", async () => {
  await (await kv()).hset(sessionKeys.tagCounts(ws), { checkout: 3, broken: "three" });
  quietLog();
  expect(await workspaceTags(ws)).toEqual([{ tag: "checkout", count: 3 }]);
  expect(logged()).toContain("count of tag broken");
});

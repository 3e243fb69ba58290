import { beforeAll, expect, test, vi } from "vitest";
import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { authorize } from "@/lib/auth/access";
import { createInvite } from "@/lib/data/invites";
import {
  createPersonalKey,
  getProjectKey,
  resolveApiKey,
  resolveProjectKey,
  revokePersonalKey,
  rotateProjectKey,
} from "@/lib/data/keys";
import { addMember, removeMember } from "@/lib/data/members";
import { createShare } from "@/lib/data/shares";
import { slugify, slugProblem } from "@/lib/data/slugs";
import { createUser } from "@/lib/data/users";
import {
  allWorkspaceIds,
  changeSlug,
  createWorkspace,
  deleteWorkspace,
  findWorkspace,
} from "@/lib/data/workspaces";
import { DomainError } from "@/lib/errors/domain";
import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";
import { useTempDataDir } from "../helpers/temp-data";

let ownerId: string;
let n = 0;
const user = () => createUser({ email: `u${++n}@ws.test`, name: "" });

beforeAll(async () => {
  useTempDataDir();
  ownerId = (await user()).id;
});

/** The API error code a refusal (ApiError, or a domain error from the data layer) answers with. */
async function code(work: Promise<unknown>): Promise<string | undefined> {
  const error = await work.catch((e: unknown) => e);
  if (!(error instanceof DomainError || error instanceof ApiError)) return undefined;
  return ((await toErrorResponse(error).json()) as { error: { code: string } }).error.code;
}

test("slugs are unique: the same name gets a numbered address", async () => {
  const a = await createWorkspace(ownerId, "Same Name");
  const b = await createWorkspace(ownerId, "Same Name");
  expect(a.slug).toBe("same-name");
  expect(b.slug).toBe("same-name-2");
});

test.each(["api", "login", "share", "signup", "demo", "workspaces", "_next"])(
  "the reserved slug %s is never given out",
  async (reserved) => {
    expect(slugProblem(reserved)).not.toBeNull();
    const w = await createWorkspace(ownerId, reserved === "_next" ? "next" : reserved);
    expect(w.slug).not.toBe(reserved);
    expect(slugProblem(w.slug)).toBeNull();
  },
);

test("changing to a reserved or taken slug is refused; a free one moves the address", async () => {
  const w = await createWorkspace(ownerId, "Mover");
  await createWorkspace(ownerId, "Taken Name");
  expect(await code(changeSlug(w.id, "login"))).toBe("bad_request");
  expect(await code(changeSlug(w.id, "taken-name"))).toBe("conflict");
  expect(await code(changeSlug(w.id, "Bad Slug!"))).toBe("bad_request");
  await changeSlug(w.id, "moved-here");
  expect((await findWorkspace("moved-here"))?.id).toBe(w.id);
  expect(await findWorkspace("mover")).toBeNull();
});

test("slugify makes readable addresses", () => {
  expect(slugify("Café Crème — Paris")).toBe("cafe-creme-paris");
  expect(slugify("A")).toBe("a-team");
  expect(slugProblem(slugify("!!!"))).toBeNull();
});

test("a removed member loses access on the next request", async () => {
  const w = await createWorkspace(ownerId, "Removal");
  const member = await user();
  await addMember(w.id, member.id, "member");
  const actor = { kind: "session" as const, userId: member.id };
  await expect(authorize(w.slug, "recordings:read", actor)).resolves.toMatchObject({ role: "member" });
  await removeMember(w.id, member.id);
  expect(await code(authorize(w.slug, "recordings:read", actor))).toBe("not_found");
});

test("outsiders get 404, members short of a permission get 403, anonymous 401", async () => {
  const w = await createWorkspace(ownerId, "Access");
  const viewer = await user();
  const outsider = await user();
  await addMember(w.id, viewer.id, "viewer");
  expect(await code(authorize(w.slug, "recordings:read", null))).toBe("unauthorized");
  expect(await code(authorize(w.slug, "recordings:read", { kind: "session", userId: outsider.id }))).toBe(
    "not_found",
  );
  expect(await code(authorize(w.slug, "settings:write", { kind: "session", userId: viewer.id }))).toBe(
    "forbidden",
  );
  expect(
    await code(authorize("no-such-workspace", "recordings:read", { kind: "session", userId: viewer.id })),
  ).toBe("not_found");
});

test("a read-scoped API key reads but cannot write; a revoked key stops working", async () => {
  const w = await createWorkspace(ownerId, "Keys");
  const { key, meta } = await createPersonalKey(w.id, { userId: ownerId, name: "ci", scopes: ["read"] });
  const resolved = await resolveApiKey(key);
  expect(resolved).toMatchObject({ workspaceId: w.id, userId: ownerId, scopes: ["read"] });
  const actor = { kind: "apikey" as const, ...resolved! };
  await expect(authorize(w.slug, "recordings:read", actor)).resolves.toBeTruthy();
  expect(await code(authorize(w.slug, "settings:write", actor))).toBe("forbidden");
  await revokePersonalKey(w.id, meta.id);
  expect(await resolveApiKey(key)).toBeNull();
});

test("an API key of one workspace opens nothing in another", async () => {
  const a = await createWorkspace(ownerId, "Key Home");
  const b = await createWorkspace(ownerId, "Key Elsewhere");
  const { key } = await createPersonalKey(a.id, { userId: ownerId, name: "x", scopes: ["read", "write"] });
  const actor = { kind: "apikey" as const, ...(await resolveApiKey(key))! };
  expect(await code(authorize(b.slug, "recordings:read", actor))).toBe("not_found");
});

test("a rotated project key keeps working during the grace period", async () => {
  const w = await createWorkspace(ownerId, "Rotation");
  const before = (await getProjectKey(w.id)).current;
  const after = await rotateProjectKey(w.id);
  expect(after.current).not.toBe(before);
  expect(after.previous).toBe(before);
  expect(await resolveProjectKey(before)).toBe(w.id);
  expect(await resolveProjectKey(after.current)).toBe(w.id);
  const store = await kv();
  expect(await store.pttl(`key:${before}`)).toBeGreaterThan(23 * 3600 * 1000);
  await rotateProjectKey(w.id);
  expect(await resolveProjectKey(before)).toBeNull();
});

test("deleting a workspace leaves no key, lookup or blob of it behind", async () => {
  const w = await createWorkspace(ownerId, "Doomed");
  const member = await user();
  await addMember(w.id, member.id, "admin");
  await createPersonalKey(w.id, { userId: member.id, name: "k", scopes: ["read"] });
  await createInvite(w.id, { email: "pending@ws.test", role: "member", invitedBy: ownerId });
  const { share } = await createShare(
    w.id,
    { kind: "playlist", targetId: "pl_x", expiry: "never", showPerson: false },
    member.id,
  );
  const project = (await getProjectKey(w.id)).current;
  const blobs = await blob();
  await blobs.put(`rec/30d/${w.id}/s1/1-b.json.gz`, new Uint8Array([1, 2, 3]));
  await blobs.put(`rec/30d/other/s1/1-b.json.gz`, new Uint8Array([4]));
  await deleteWorkspace(w.id);
  const store = await kv();
  const left = await store.scan("");
  expect(left.filter((k) => k.includes(w.id))).toEqual([]);
  expect(await resolveProjectKey(project)).toBeNull();
  expect(await store.get(`share:${share.tokenDigest}`)).toBeNull();
  expect(await store.sismember(`user:${member.id}:ws`, w.id)).toBe(false);
  for (const k of left.filter(
    (k) => k.startsWith("invite:") || k.startsWith("apikey:") || k.startsWith("key:"),
  )) {
    expect(await store.get(k)).not.toContain(w.id);
  }
  expect((await blobs.list("rec/")).map((b) => b.key)).toEqual(["rec/30d/other/s1/1-b.json.gz"]);
});

test("every workspace is listed for jobs without a key scan; older ones are found once through their slugs", async () => {
  const a = await createWorkspace(ownerId, "Listed A");
  const b = await createWorkspace(ownerId, "Listed B");
  const store = await kv();
  const scan = vi.spyOn(store, "scan");
  await allWorkspaceIds(); // builds the list once for what this file made before
  scan.mockClear();
  await changeSlug(b.id, "listed-b-moved");
  expect(await allWorkspaceIds()).toEqual(expect.arrayContaining([a.id, b.id]));
  expect(scan).not.toHaveBeenCalled();
  await deleteWorkspace(a.id); // (its own keys are found by a scan of its prefix)
  expect(await allWorkspaceIds()).not.toContain(a.id);
  // Made before the list existed: found through the slug lookups, once.
  scan.mockClear();
  await store.del(["ws:ids", "ws:ids:complete"]);
  expect(await allWorkspaceIds()).toEqual(expect.arrayContaining([b.id]));
  expect(await allWorkspaceIds()).not.toContain(a.id);
  expect(scan).toHaveBeenCalledTimes(1);
  scan.mockRestore();
});

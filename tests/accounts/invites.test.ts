import { afterEach, beforeAll, expect, test, vi } from "vitest";
import { toErrorResponse } from "@/lib/api/errors";
import {
  acceptInvite,
  createInvite,
  findInvite,
  INVITE_TTL_MS,
  listInvites,
  revokeInvite,
} from "@/lib/data/invites";
import { getRole } from "@/lib/data/members";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { DomainError } from "@/lib/errors/domain";
import { useTempDataDir } from "../helpers/temp-data";

let ws: string;
let ownerId: string;
let n = 0;

beforeAll(async () => {
  useTempDataDir();
  const owner = await createUser({
    email: "owner@invites.test",
    name: "Owner",
    password: "a long password 1",
  });
  ownerId = owner.id;
  ws = (await createWorkspace(owner.id, "Invites Inc")).id;
});
afterEach(() => vi.useRealTimers());

const newcomer = () => createUser({ email: `new${++n}@invites.test`, name: "" });

/** The data layer refuses with a domain error; callers see it as this API error code. */
async function expectApiError(work: Promise<unknown>, code: string) {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect(((await toErrorResponse(error).json()) as { error: { code: string } }).error.code).toBe(code);
}

test("an invite token has at least 128 random bits and is stored only hashed", async () => {
  const user = await newcomer();
  const { token } = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  expect(Buffer.from(token.slice(4), "base64url").length * 8).toBeGreaterThanOrEqual(128);
  const { kv } = await import("@/lib/storage/kv");
  const store = await kv();
  const everything = await store.scan("");
  for (const key of everything) expect(key).not.toContain(token);
});

test("accepting adds the member with the invited role", async () => {
  const user = await newcomer();
  const { token } = await createInvite(ws, { email: user.email, role: "viewer", invitedBy: ownerId });
  await acceptInvite(token, user);
  expect(await getRole(ws, user.id)).toBe("viewer");
});

test("an invite works once", async () => {
  const user = await newcomer();
  const { token } = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  await acceptInvite(token, user);
  await expectApiError(acceptInvite(token, user), "gone");
});

test("two accepts at the same moment: exactly one wins", async () => {
  const user = await newcomer();
  const { token } = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  const results = await Promise.allSettled([acceptInvite(token, user), acceptInvite(token, user)]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
});

test("an expired invite is refused and leaves the pending list", async () => {
  const user = await newcomer();
  const { token } = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + INVITE_TTL_MS + 1000);
  expect(await findInvite(token)).toBeNull();
  await expectApiError(acceptInvite(token, user), "gone");
  expect((await listInvites(ws)).map((i) => i.email)).not.toContain(user.email);
});

test("a revoked invite is refused", async () => {
  const user = await newcomer();
  const { token, invite } = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  await revokeInvite(ws, invite.id);
  await expectApiError(acceptInvite(token, user), "gone");
  expect(await getRole(ws, user.id)).toBeNull();
});

test("an invite for another email is refused with 403 and stays usable", async () => {
  const invited = await newcomer();
  const other = await newcomer();
  const { token } = await createInvite(ws, { email: invited.email, role: "member", invitedBy: ownerId });
  await expectApiError(acceptInvite(token, other), "forbidden");
  await acceptInvite(token, invited);
  expect(await getRole(ws, invited.id)).toBe("member");
});

test.each(["", "inv_", "inv_short", "inv_../../etc", "not-a-token"])(
  "the tampered token %j opens nothing",
  async (bad) => {
    expect(await findInvite(bad)).toBeNull();
  },
);

test("a token with one character changed opens nothing", async () => {
  const user = await newcomer();
  const { token } = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  const last = token.at(-1) === "A" ? "B" : "A";
  expect(await findInvite(token.slice(0, -1) + last)).toBeNull();
});

test("inviting the same email again replaces the earlier invite", async () => {
  const user = await newcomer();
  const first = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  await createInvite(ws, { email: user.email, role: "viewer", invitedBy: ownerId });
  expect(await findInvite(first.token)).toBeNull();
  expect((await listInvites(ws)).filter((i) => i.email === user.email)).toHaveLength(1);
});

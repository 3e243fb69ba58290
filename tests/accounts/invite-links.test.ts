import { beforeAll, expect, test } from "vitest";
import { acceptInvite, createInvite, listInvites } from "@/lib/data/invites";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { kv } from "@/lib/storage/kv";
import { useTempDataDir } from "../helpers/temp-data";

/** A pending invite's link can be copied again until it is accepted, revoked or expired. */

let ws: string;
let ownerId: string;

beforeAll(async () => {
  useTempDataDir();
  const owner = await createUser({ email: "owner@links.test", name: "", password: "a long password 1" });
  ownerId = owner.id;
  ws = (await createWorkspace(owner.id, "Links Inc")).id;
});

test("a pending invite lists the token its link carries, and the link still works", async () => {
  const user = await createUser({ email: "later@links.test", name: "" });
  const { token } = await createInvite(ws, { email: user.email, role: "member", invitedBy: ownerId });
  const listed = (await listInvites(ws)).find((i) => i.email === user.email);
  expect(listed?.token).toBe(token);
  await acceptInvite(listed!.token!, user);
  expect((await listInvites(ws)).some((i) => i.email === user.email)).toBe(false);
});

test("the token is in the store only sealed: no key or value holds it", async () => {
  const { token } = await createInvite(ws, {
    email: "sealed@links.test",
    role: "viewer",
    invitedBy: ownerId,
  });
  const store = await kv();
  for (const key of await store.scan("")) {
    expect(key).not.toContain(token);
    const value = key.includes(":invite:") ? JSON.stringify(await store.hgetall(key)) : "";
    expect(value).not.toContain(token);
    if (key.startsWith("invite:")) expect(await store.get(key)).not.toContain(token);
  }
});

test("under another server secret the link cannot be shown again, and says so by a null", async () => {
  await createInvite(ws, { email: "rotated@links.test", role: "viewer", invitedBy: ownerId });
  process.env.NEXTAUTH_SECRET = "another secret of at least thirty-two characters";
  resetEnvCache();
  try {
    const listed = (await listInvites(ws)).find((i) => i.email === "rotated@links.test");
    expect(listed).toBeDefined();
    expect(listed?.token).toBeNull();
  } finally {
    delete process.env.NEXTAUTH_SECRET;
    resetEnvCache();
  }
});

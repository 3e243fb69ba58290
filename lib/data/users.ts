import { z } from "zod";
import { decoyHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { Conflict } from "@/lib/errors/domain";
import { newId } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { parseOrCorrupt, skipCorrupt, stored } from "./record";

/** A user's hash as stored; the password hash never leaves this module. */
const userRecord = z
  .object({
    email: z.string().min(1),
    name: z.string().default(""),
    createdAt: stored.time.default(0),
    passwordHash: z.string().optional(),
  })
  .transform(({ passwordHash, ...user }) => ({ ...user, hasPassword: Boolean(passwordHash) }));

export type User = { id: string } & z.output<typeof userRecord>;

const keys = {
  user: (id: string) => `user:${id}`,
  byEmail: (email: string) => `user:email:${email}`,
  workspaces: (id: string) => `user:${id}:ws`,
};

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** The user of a stored hash, or null when there is none; Corrupt when it does not fit. */
function toUser(id: string, hash: Record<string, string>): User | null {
  if (Object.keys(hash).length === 0) return null;
  return { id, ...parseOrCorrupt(userRecord, `user ${id}`, hash) };
}

/** Creates a user; the email is claimed atomically, so two sign-ups cannot share it. */
export async function createUser(input: { email: string; name: string; password?: string }): Promise<User> {
  const store = await kv();
  const email = normalizeEmail(input.email);
  const id = newId("u");
  const claimed = await store.set(keys.byEmail(email), id, { nx: true });
  if (!claimed) throw new Conflict("An account with this email already exists. Log in instead.");
  const user: User = {
    id,
    email,
    name: input.name.trim(),
    createdAt: Date.now(),
    hasPassword: Boolean(input.password),
  };
  const fields: Record<string, string | number> = { email, name: user.name, createdAt: user.createdAt };
  if (input.password) fields.passwordHash = await hashPassword(input.password);
  await store.hset(keys.user(id), fields);
  return user;
}

/**
 * Undoes a sign-up that failed after its user was made (the account and its email claim live in
 * different hash slots, so they are written one after the other and removed the same way).
 */
export async function discardNewUser(user: User): Promise<void> {
  const store = await kv();
  await store.del([keys.user(user.id), keys.workspaces(user.id)]);
  if ((await store.get(keys.byEmail(user.email))) === user.id) await store.del(keys.byEmail(user.email));
}

export async function getUser(id: string): Promise<User | null> {
  return toUser(id, await (await kv()).hgetall(keys.user(id)));
}

export async function getUsers(ids: string[]): Promise<Map<string, User>> {
  if (ids.length === 0) return new Map();
  const p = (await kv()).pipeline();
  for (const id of ids) p.hgetall(keys.user(id));
  const hashes = await p.exec<Record<string, string>[]>();
  const found = new Map<string, User>();
  ids.forEach((id, i) => {
    for (const u of skipCorrupt(() => toUser(id, hashes[i] ?? {}), "users")) if (u) found.set(id, u);
  });
  return found;
}

/** How a person is shown next to what they wrote: their name, else their email. */
export async function authorName(userId: string): Promise<string> {
  const user = await getUser(userId);
  return user?.name || user?.email || "Someone";
}

export async function findUserByEmail(email: string): Promise<User | null> {
  const id = await (await kv()).get(keys.byEmail(normalizeEmail(email)));
  return id ? getUser(id) : null;
}

/** The user when the password matches; the same work is done when the account does not exist. */
export async function checkCredentials(email: string, password: string): Promise<User | null> {
  const store = await kv();
  const id = await store.get(keys.byEmail(normalizeEmail(email)));
  const hash = id ? await store.hget(keys.user(id), "passwordHash") : null;
  const ok = await verifyPassword(password, hash ?? (await decoyHash()));
  return ok && id && hash ? getUser(id) : null;
}

export async function setPassword(userId: string, password: string): Promise<void> {
  await (await kv()).hset(keys.user(userId), { passwordHash: await hashPassword(password) });
}

export async function userWorkspaceIds(userId: string): Promise<string[]> {
  return (await kv()).smembers(keys.workspaces(userId));
}

export async function linkUserWorkspace(userId: string, workspaceId: string): Promise<void> {
  await (await kv()).sadd(keys.workspaces(userId), workspaceId);
}

export async function unlinkUserWorkspace(userId: string, workspaceId: string): Promise<void> {
  await (await kv()).srem(keys.workspaces(userId), workspaceId);
}

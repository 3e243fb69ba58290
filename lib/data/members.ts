import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { kv } from "@/lib/storage/kv";
import { parseOrCorrupt, skipCorrupt } from "./record";
import { getUsers, linkUserWorkspace, unlinkUserWorkspace } from "./users";

export interface Member {
  userId: string;
  role: Role;
  email: string;
  name: string;
}

const key = (ws: string) => `{w:${ws}}:members`;

const role = z.enum(ROLES);

/** A member's role; null for a non-member, Corrupt for a stored value that is no role. */
export async function getRole(ws: string, userId: string): Promise<Role | null> {
  const stored = await (await kv()).hget(key(ws), userId);
  return stored === null ? null : parseOrCorrupt(role, `role of ${userId} in ${ws}`, stored);
}

export async function memberRoles(ws: string): Promise<Record<string, Role>> {
  const all = await (await kv()).hgetall(key(ws));
  return Object.fromEntries(
    Object.entries(all).flatMap(([userId, stored]) =>
      skipCorrupt(
        () => [userId, parseOrCorrupt(role, `role of ${userId} in ${ws}`, stored)] as const,
        "members",
      ),
    ),
  );
}

export async function listMembers(ws: string): Promise<Member[]> {
  const roles = await memberRoles(ws);
  const users = await getUsers(Object.keys(roles));
  const order = ["owner", "admin", "member", "viewer"];
  return Object.entries(roles)
    .map(([userId, role]) => ({
      userId,
      role,
      email: users.get(userId)?.email ?? "",
      name: users.get(userId)?.name ?? "",
    }))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || a.email.localeCompare(b.email));
}

export async function countOwners(ws: string): Promise<number> {
  return Object.values(await memberRoles(ws)).filter((r) => r === "owner").length;
}

export async function addMember(ws: string, userId: string, role: Role): Promise<void> {
  await (await kv()).hset(key(ws), { [userId]: role });
  await linkUserWorkspace(userId, ws);
}

export async function setRole(ws: string, userId: string, role: Role): Promise<void> {
  await (await kv()).hset(key(ws), { [userId]: role });
}

export async function removeMember(ws: string, userId: string): Promise<void> {
  await (await kv()).hdel(key(ws), userId);
  await unlinkUserWorkspace(userId, ws);
}

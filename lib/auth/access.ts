import { notFound, redirect } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { getRole } from "@/lib/data/members";
import { getUser, type User } from "@/lib/data/users";
import { findWorkspace, type Workspace } from "@/lib/data/workspaces";
import { type Actor, sessionUserId } from "./actor";
import { can, PERMISSIONS, type Permission, type Role, scopeAllows } from "./permissions";

export interface Access {
  workspace: Workspace;
  actor: Actor;
  role: Role;
}

const notFoundError = () => new ApiError("not_found", "No such workspace, or you are not a member of it.");

/**
 * The one permission check. Outsiders get 404, not 403, so workspace ids and slugs do not leak;
 * members whose role (or API key scope) falls short get 403 saying what is needed.
 */
export async function authorize(
  workspaceRef: string,
  permission: Permission,
  actor: Actor | null,
): Promise<Access> {
  if (!actor)
    throw new ApiError("unauthorized", "Log in, or send a personal API key as Authorization: Bearer rk_…");
  const workspace = await findWorkspace(workspaceRef);
  if (!workspace) throw notFoundError();
  if (actor.kind === "apikey" && actor.workspaceId !== workspace.id) throw notFoundError();
  const role = await getRole(workspace.id, actor.userId);
  if (!role) throw notFoundError();
  if (!can(role, permission)) {
    throw new ApiError(
      "forbidden",
      `Your role (${role}) cannot do this; it needs ${PERMISSIONS[permission]} or above.`,
    );
  }
  if (actor.kind === "apikey" && !scopeAllows(actor.scopes, permission)) {
    throw new ApiError("forbidden", "This API key is read-only. Use a key with the write scope.");
  }
  return { workspace, actor, role };
}

/** For server actions: the same check, for the signed-in person. */
export async function requirePermission(workspaceRef: string, permission: Permission): Promise<Access> {
  const userId = await sessionUserId();
  return authorize(workspaceRef, permission, userId ? { kind: "session", userId } : null);
}

export async function requireUser(returnTo: string): Promise<User> {
  const userId = await sessionUserId();
  const user = userId ? await getUser(userId) : null;
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For dashboard pages: log in first, then 404 for anything but a member. */
export async function workspacePage(
  slug: string,
  returnTo: string,
): Promise<{ workspace: Workspace; role: Role; user: User }> {
  const user = await requireUser(returnTo);
  const workspace = await findWorkspace(slug);
  const role = workspace ? await getRole(workspace.id, user.id) : null;
  if (!workspace || !role) notFound();
  return { workspace, role, user };
}

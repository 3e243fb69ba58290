/** Roles and what each may do: the one table every check reads (docs/ARCHITECTURE.md §5). */

export const ROLES = ["viewer", "member", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "recordings:read": "viewer",
  "persons:read": "viewer",
  "funnels:read": "viewer",
  "playlists:read": "viewer",
  "members:read": "viewer",
  "settings:read": "viewer",
  "apikeys:own": "viewer",
  "comments:write": "member",
  "recordings:import": "member",
  "playlists:write": "member",
  "tags:write": "member",
  "shares:create": "member",
  "funnels:write": "member",
  "cohorts:write": "member",
  "issues:create": "member",
  "settings:write": "admin",
  "members:invite": "admin",
  "keys:write": "admin",
  "recordings:delete": "admin",
  "persons:delete": "admin",
  "comments:moderate": "admin",
  "shares:revoke": "admin",
  "audit:read": "admin",
  "integrations:manage": "admin",
  "members:admin": "owner",
  "workspace:delete": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

const rank = (role: Role) => ROLES.indexOf(role);

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return rank(role) >= rank(PERMISSIONS[permission]);
}

/** API key scopes: `read` keys reach only read permissions; `write` keys reach what the role allows. */
export type Scope = "read" | "write";
export function scopeAllows(scopes: Scope[], permission: Permission): boolean {
  if (scopes.includes("write")) return true;
  return scopes.includes("read") && permission.endsWith(":read");
}

/** Why actor may not change target's role from `from` to `to`, or null when it may. */
export function roleChangeProblem(args: {
  actorRole: Role;
  actorIsTarget: boolean;
  from: Role;
  to: Role;
  owners: number;
}): string | null {
  const { actorRole, actorIsTarget, from, to, owners } = args;
  if (from === to) return null;
  if (actorIsTarget && rank(to) > rank(from)) return "Nobody can raise their own role.";
  if (from === "owner" && owners <= 1)
    return "The last owner cannot be demoted. Make someone else owner first.";
  const touchesAdmins = [from, to].some((r) => r === "owner" || r === "admin");
  if (touchesAdmins && !can(actorRole, "members:admin"))
    return "Only owners grant or remove the owner and admin roles.";
  if (!can(actorRole, "members:invite") && !actorIsTarget) return "Only admins and owners change roles.";
  return null;
}

/** Why actor may not remove target (role `role`), or null. Leaving yourself is always asked this way too. */
export function removalProblem(args: {
  actorRole: Role;
  actorIsTarget: boolean;
  role: Role;
  owners: number;
}): string | null {
  const { actorRole, actorIsTarget, role, owners } = args;
  if (role === "owner" && owners <= 1)
    return "The last owner cannot leave or be removed. Make someone else owner first.";
  if (actorIsTarget) return null;
  if ((role === "owner" || role === "admin") && !can(actorRole, "members:admin")) {
    return "Only owners remove owners and admins.";
  }
  if (!can(actorRole, "members:invite")) return "Only admins and owners remove members.";
  return null;
}

import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { roleBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { removalProblem, roleChangeProblem } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/data/audit";
import { revokeKeysOf } from "@/lib/data/keys";
import { countOwners, getRole, removeMember, setRole } from "@/lib/data/members";

type Params = { ws: string; userId: string };

async function targetRole(ws: string, userId: string) {
  const role = await getRole(ws, userId);
  if (!role) throw new ApiError("not_found", "No such member in this workspace.");
  return role;
}

export const PATCH = withWorkspace<Params>(
  async ({ workspace, actor, role: actorRole, request, params }) => {
    const { role: to } = await readJson(request, roleBody);
    const from = await targetRole(workspace.id, params.userId);
    const problem = roleChangeProblem({
      actorRole,
      actorIsTarget: actor.userId === params.userId,
      from,
      to,
      owners: await countOwners(workspace.id),
    });
    if (problem) throw new ApiError("forbidden", problem);
    await setRole(workspace.id, params.userId, to);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "member.role_changed",
      target: params.userId,
      detail: { from, to },
    });
    return Response.json({ userId: params.userId, role: to });
  },
  { permission: "members:invite" },
);

/** Removing someone else needs admin (owner for admins and owners); anyone may leave. */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, role: actorRole, params }) => {
    const role = await targetRole(workspace.id, params.userId);
    const problem = removalProblem({
      actorRole,
      actorIsTarget: actor.userId === params.userId,
      role,
      owners: await countOwners(workspace.id),
    });
    if (problem) throw new ApiError("forbidden", problem);
    await removeMember(workspace.id, params.userId);
    await revokeKeysOf(workspace.id, params.userId);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: actor.userId === params.userId ? "member.left" : "member.removed",
      target: params.userId,
      detail: { role },
    });
    return Response.json({ ok: true });
  },
  { permission: "members:read" },
);

import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/data/audit";
import { getPersonalKey, revokePersonalKey } from "@/lib/data/keys";

/** Revokes a personal key: your own, or anyone's for admins. */
export const DELETE = withWorkspace<{ ws: string; keyId: string }>(
  async ({ workspace, actor, role, params }) => {
    const key = await getPersonalKey(workspace.id, params.keyId);
    if (!key || (key.userId !== actor.userId && !can(role, "keys:write"))) {
      throw new ApiError("not_found", "No such API key of yours in this workspace.");
    }
    await revokePersonalKey(workspace.id, key.id);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "apikey.revoked",
      target: key.id,
      detail: { name: key.name },
    });
    return Response.json({ ok: true });
  },
  { permission: "apikeys:own" },
);

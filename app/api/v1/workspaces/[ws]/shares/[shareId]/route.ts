import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/data/audit";
import { getShare, revokeShare } from "@/lib/data/shares";

type Params = { ws: string; shareId: string };

/** Revokes a link at once: its creator may, and admins may revoke anyone's. */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, role, params }) => {
    const share = await getShare(workspace.id, params.shareId);
    if (!share)
      throw new ApiError("not_found", "No such link (it may have expired or been revoked already).");
    if (share.createdBy !== actor.userId && !can(role, "shares:revoke")) {
      throw new ApiError("forbidden", "Only the link's creator or an admin can revoke it.");
    }
    await revokeShare(workspace.id, share.id);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "share.revoked",
      target: `${share.kind} ${share.targetId}`,
      detail: { shareId: share.id, views: share.views },
    });
    return Response.json({ ok: true });
  },
  { permission: "shares:create" },
);

import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { revokeInvite } from "@/lib/data/invites";

export const DELETE = withWorkspace<{ ws: string; inviteId: string }>(
  async ({ workspace, actor, params }) => {
    await revokeInvite(workspace.id, params.inviteId);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "invite.revoked",
      target: params.inviteId,
    });
    return Response.json({ ok: true });
  },
  { permission: "members:invite" },
);

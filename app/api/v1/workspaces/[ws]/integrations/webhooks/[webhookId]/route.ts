import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { removeWebhook } from "@/lib/data/integrations";
import { notificationsChanged } from "@/lib/integrations/notify";

type Params = { ws: string; webhookId: string };

export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, params }) => {
    await removeWebhook(workspace.id, params.webhookId);
    notificationsChanged(workspace.id);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "integration.removed",
      target: `webhook ${params.webhookId}`,
    });
    return Response.json({ ok: true });
  },
  { permission: "integrations:manage" },
);

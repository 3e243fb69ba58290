import { readJson } from "@/lib/api/body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { addWebhook, integrationInputs, saveAppOrigin } from "@/lib/data/integrations";
import { appOrigin } from "@/lib/integrations/issues";
import { notificationsChanged } from "@/lib/integrations/notify";
import { assertReachable } from "@/lib/integrations/settings";
import { requestOrigin } from "@/lib/request-origin";

/** Adds a webhook. Its signing secret is in this answer only: store it where the receiver can read it. */
export const POST = withWorkspace(
  async ({ workspace, actor, request }) => {
    const input = await readJson(request, integrationInputs.webhook.strict());
    assertReachable("url", input.url);
    const { webhook } = await addWebhook(workspace.id, input);
    await saveAppOrigin(workspace.id, appOrigin(requestOrigin(request.headers)));
    notificationsChanged(workspace.id);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "integration.saved",
      target: `webhook ${webhook.id}`,
    });
    return Response.json(
      {
        webhook: {
          id: webhook.id,
          name: webhook.name,
          host: new URL(webhook.url).host,
          createdAt: webhook.createdAt,
        },
        signingSecret: webhook.signingSecret,
      },
      { status: 201 },
    );
  },
  { permission: "integrations:manage" },
);

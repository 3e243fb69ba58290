import { withWorkspace } from "@/lib/api/with-workspace";
import { testIntegration } from "@/lib/integrations/settings";

type Params = { ws: string; webhookId: string };

/** Sends one signed `test` event to the webhook now and reports the answer. */
export const POST = withWorkspace<Params>(
  async ({ workspace, params }) =>
    Response.json({
      ok: true,
      message: await testIntegration(workspace.id, { kind: "webhook", webhookId: params.webhookId }),
    }),
  { permission: "integrations:manage" },
);

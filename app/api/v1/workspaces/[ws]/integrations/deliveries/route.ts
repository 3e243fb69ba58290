import { withWorkspace } from "@/lib/api/with-workspace";
import { listDeliveries } from "@/lib/data/deliveries";

/** The delivery log: the last notifications sent to Slack and webhooks, with attempts and outcome. */
export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ deliveries: await listDeliveries(workspace.id, 100) }),
  { permission: "integrations:manage" },
);

import { withWorkspace } from "@/lib/api/with-workspace";
import { publicView } from "@/lib/data/integrations";

/** The workspace's integrations as admins see them: configured or not, settings, last four of each secret. */
export const GET = withWorkspace(async ({ workspace }) => Response.json(await publicView(workspace.id)), {
  permission: "integrations:manage",
});

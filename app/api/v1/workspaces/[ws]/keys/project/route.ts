import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { rotateProjectKey } from "@/lib/data/keys";

/** Rotates the project key; the previous one keeps ingesting for 24 h. */
export const POST = withWorkspace(
  async ({ workspace, actor }) => {
    const projectKey = await rotateProjectKey(workspace.id);
    await recordAudit(workspace.id, { actorId: actor.userId, action: "projectkey.rotated" });
    return Response.json({ projectKey });
  },
  { permission: "keys:write" },
);

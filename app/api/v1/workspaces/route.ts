import { readJson } from "@/lib/api/body";
import { createWorkspaceBody } from "@/lib/api/schemas";
import { withUser } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { createWorkspace, workspacesOf } from "@/lib/data/workspaces";

export const GET = withUser(async ({ userId }) => Response.json({ workspaces: await workspacesOf(userId) }));

export const POST = withUser(async ({ userId, request }) => {
  const { name } = await readJson(request, createWorkspaceBody);
  const workspace = await createWorkspace(userId, name);
  await recordAudit(workspace.id, { actorId: userId, action: "workspace.created", target: workspace.id });
  return Response.json({ workspace }, { status: 201 });
});

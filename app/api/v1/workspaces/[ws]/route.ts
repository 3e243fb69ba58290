import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { deleteWorkspaceBody, updateWorkspaceBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { changeSlug, deleteWorkspace, getWorkspace, renameWorkspace } from "@/lib/data/workspaces";

export const GET = withWorkspace(async ({ workspace, role }) => Response.json({ workspace, role }), {
  permission: "recordings:read",
});

export const PATCH = withWorkspace(
  async ({ workspace, actor, request }) => {
    const body = await readJson(request, updateWorkspaceBody);
    if (body.name !== undefined) await renameWorkspace(workspace.id, body.name);
    if (body.slug !== undefined) await changeSlug(workspace.id, body.slug);
    await recordAudit(workspace.id, { actorId: actor.userId, action: "workspace.updated", detail: body });
    return Response.json({ workspace: await getWorkspace(workspace.id) });
  },
  { permission: "settings:write" },
);

export const DELETE = withWorkspace(
  async ({ workspace, request }) => {
    const { confirm } = await readJson(request, deleteWorkspaceBody);
    if (confirm.trim() !== workspace.name) {
      throw new ApiError(
        "bad_request",
        `confirm: type the workspace name "${workspace.name}" exactly to delete it.`,
      );
    }
    await deleteWorkspace(workspace.id);
    return Response.json({ ok: true });
  },
  { permission: "workspace:delete" },
);

import { readJson } from "@/lib/api/body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { getSharingPolicy, saveSharingPolicy, sharingPolicy } from "@/lib/data/settings";

/** Whether recordings and playlists may be shared outside the workspace. */
export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ sharing: await getSharingPolicy(workspace.id) }),
  { permission: "settings:read" },
);

/** Turns sharing on or off (off ends every link at once) and allows links that never expire. */
export const PUT = withWorkspace(
  async ({ workspace, actor, request }) => {
    const sharing = await readJson(request, sharingPolicy.strict());
    await saveSharingPolicy(workspace.id, sharing);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "settings.updated",
      target: "sharing",
      detail: sharing,
    });
    return Response.json({ sharing });
  },
  { permission: "settings:write" },
);

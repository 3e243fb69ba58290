import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { countFunnels, funnelDefinition, listFunnels, MAX_FUNNELS, saveFunnel } from "@/lib/data/funnels";

export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ funnels: await listFunnels(workspace.id) }),
  { permission: "funnels:read" },
);

/** Saves a new funnel for the whole workspace. */
export const POST = withWorkspace(
  async ({ workspace, actor, request }) => {
    const def = await readJson(request, funnelDefinition);
    if ((await countFunnels(workspace.id)) >= MAX_FUNNELS) {
      throw new ApiError("conflict", `A workspace holds at most ${MAX_FUNNELS} funnels; delete one first.`);
    }
    const funnel = await saveFunnel(workspace.id, def, { userId: actor.userId });
    return Response.json({ funnel }, { status: 201 });
  },
  { permission: "funnels:write" },
);

import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { deleteFunnel, funnelDefinition, getFunnel, saveFunnel } from "@/lib/data/funnels";

type Params = { ws: string; funnelId: string };

async function funnelOr404(ws: string, id: string) {
  const funnel = await getFunnel(ws, id);
  if (!funnel) throw new ApiError("not_found", "No such funnel in this workspace.");
  return funnel;
}

export const GET = withWorkspace<Params>(
  async ({ workspace, params }) =>
    Response.json({ funnel: await funnelOr404(workspace.id, params.funnelId) }),
  { permission: "funnels:read" },
);

/** Replaces a funnel's definition (name, steps, window, range, breakdown). */
export const PUT = withWorkspace<Params>(
  async ({ workspace, actor, request, params }) => {
    const def = await readJson(request, funnelDefinition);
    const existing = await funnelOr404(workspace.id, params.funnelId);
    return Response.json({ funnel: await saveFunnel(workspace.id, def, { userId: actor.userId, existing }) });
  },
  { permission: "funnels:write" },
);

export const DELETE = withWorkspace<Params>(
  async ({ workspace, params }) => {
    if (!(await deleteFunnel(workspace.id, params.funnelId))) {
      throw new ApiError("not_found", "No such funnel in this workspace.");
    }
    return Response.json({ ok: true });
  },
  { permission: "funnels:write" },
);

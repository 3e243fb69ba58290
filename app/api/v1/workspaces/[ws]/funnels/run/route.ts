import { runFunnel } from "@/lib/analytics/run-funnel";
import { readJson } from "@/lib/api/body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { funnelDefinition, queryOf } from "@/lib/data/funnels";

/** Computes a funnel (saved or not) without saving it: the figures per step and per breakdown value. */
export const POST = withWorkspace(
  async ({ workspace, request }) => {
    const def = await readJson(request, funnelDefinition.omit({ name: true }));
    const query = queryOf(def);
    const { result } = await runFunnel(workspace.id, query);
    return Response.json({ ...result, from: query.from, to: query.to });
  },
  { permission: "funnels:read" },
);

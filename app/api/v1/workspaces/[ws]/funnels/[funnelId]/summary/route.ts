import { funnelSummary } from "@/lib/analytics/funnel-summary";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { getFunnel } from "@/lib/data/funnels";

/** A saved funnel's conversion over its own range and its weekly trend, for the funnels list. */
export const GET = withWorkspace<{ ws: string; funnelId: string }>(
  async ({ workspace, params }) => {
    const funnel = await getFunnel(workspace.id, params.funnelId);
    if (!funnel) throw new ApiError("not_found", "No such funnel in this workspace.");
    return Response.json({ summary: await funnelSummary(workspace.id, funnel) });
  },
  { permission: "funnels:read" },
);

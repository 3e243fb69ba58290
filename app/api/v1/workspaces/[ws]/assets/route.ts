import { assetResponse } from "@/lib/api/asset-response";
import { withWorkspace } from "@/lib/api/with-workspace";
import { replayAsset } from "@/lib/assets/store";

/**
 * A stylesheet or font a replay needs that the recording does not hold, by its address on the
 * recorded site: fetched by the server once, then served from the workspace's asset store.
 */
export const GET = withWorkspace<{ ws: string }>(
  async ({ workspace, searchParams }) => {
    return assetResponse(await replayAsset(workspace.id, searchParams.get("url")));
  },
  { permission: "recordings:read" },
);

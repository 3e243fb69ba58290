import { assetResponse } from "@/lib/api/asset-response";
import { withShareToken } from "@/lib/api/with-share-token";
import { sharedAsset } from "@/lib/assets/shared";

/**
 * A stylesheet or font the shared recording names (in the chunk `?chunk=`), for a share link's
 * viewer: the workspace's asset store, fetched by the server on first use, as for members.
 */
export const GET = withShareToken<{ token: string; sessionId: string }>(async ({ shared, params, req }) => {
  const search = new URL(req.url).searchParams;
  return assetResponse(
    await sharedAsset(shared.workspaceId, params.sessionId, search.get("chunk"), search.get("url")),
  );
});

import { withShareToken } from "@/lib/api/with-share-token";
import { sharedAsset } from "@/lib/assets/shared";

/**
 * A stylesheet or font the shared recording names (in the chunk `?chunk=`), for a share link's
 * viewer: the workspace's asset store, fetched by the server on first use, as for members.
 */
export const GET = withShareToken<{ token: string; sessionId: string }>(async ({ shared, params, req }) => {
  const search = new URL(req.url).searchParams;
  const { ref, bytes } = await sharedAsset(
    shared.workspaceId,
    params.sessionId,
    search.get("chunk"),
    search.get("url"),
  );
  return new Response(bytes as BodyInit, {
    headers: {
      "content-type": ref.contentType,
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
});

import { withWorkspace } from "@/lib/api/with-workspace";
import { replayAsset } from "@/lib/assets/store";

/**
 * A stylesheet or font a replay needs that the recording does not hold, by its address on the
 * recorded site: fetched by the server once, then served from the workspace's asset store.
 */
export const GET = withWorkspace<{ ws: string }>(
  async ({ workspace, searchParams }) => {
    const { ref, bytes } = await replayAsset(workspace.id, searchParams.get("url"));
    return new Response(bytes as BodyInit, {
      headers: {
        "content-type": ref.contentType,
        "cache-control": "private, max-age=86400",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'",
      },
    });
  },
  { permission: "recordings:read" },
);

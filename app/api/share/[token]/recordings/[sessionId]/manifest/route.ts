import { manifestResponse } from "@/lib/api/recording";
import { withShareToken } from "@/lib/api/with-share-token";

/** The shared recording's chunk manifest, packed as for members (lib/replay/manifest.ts). */
export const GET = withShareToken<{ token: string; sessionId: string }>(async ({ shared, params }) =>
  manifestResponse(shared.workspaceId, params.sessionId),
);

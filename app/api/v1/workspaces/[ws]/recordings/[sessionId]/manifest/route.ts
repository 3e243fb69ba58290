import { manifestResponse, recordingOr404 } from "@/lib/api/recording";
import { withWorkspace } from "@/lib/api/with-workspace";

/** The recording's chunk manifest, packed (lib/replay/manifest.ts): what the player plans seeks from. */
export const GET = withWorkspace<{ ws: string; sessionId: string }>(
  async ({ workspace, params }) => {
    const session = await recordingOr404(workspace.id, params.sessionId);
    return manifestResponse(workspace.id, session.id);
  },
  { permission: "recordings:read" },
);

import { recordingOr404 } from "@/lib/api/recording";
import { withWorkspace } from "@/lib/api/with-workspace";
import { exportEvents } from "@/lib/rrweb-file/export";

/** The recording as a plain rrweb events JSON array, streamed (docs/API.md "Export and import"). */
export const GET = withWorkspace<{ ws: string; sessionId: string }>(
  async ({ workspace, params }) => {
    await recordingOr404(workspace.id, params.sessionId);
    return new Response(await exportEvents(workspace.id, params.sessionId), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="rewind-${params.sessionId}.rrweb.json"`,
        "cache-control": "private, no-store",
      },
    });
  },
  { permission: "recordings:read" },
);

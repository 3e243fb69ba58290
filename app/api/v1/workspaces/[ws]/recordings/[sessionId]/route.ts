import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { getSession, listSignals } from "@/lib/data/sessions";
import { ID_PATTERN } from "@/lib/ids";

export const GET = withWorkspace<{ ws: string; sessionId: string }>(
  async ({ workspace, params }) => {
    const session = ID_PATTERN.test(params.sessionId)
      ? await getSession(workspace.id, params.sessionId)
      : null;
    if (!session) throw new ApiError("not_found", "No such recording in this workspace.");
    return Response.json({ session, signals: await listSignals(workspace.id, params.sessionId) });
  },
  { permission: "recordings:read" },
);

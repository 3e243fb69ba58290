import { readJson } from "@/lib/api/body";
import { recordingOr404 } from "@/lib/api/recording";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { listLinkedIssues } from "@/lib/data/linked-issues";
import { authorName } from "@/lib/data/users";
import { createIssueFromRecording, newIssueInput } from "@/lib/integrations/issues";
import { requestOrigin } from "@/lib/request-origin";

type Params = { ws: string; sessionId: string };

/** Issues created from this recording (provider, key, link). */
export const GET = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const session = await recordingOr404(workspace.id, params.sessionId);
    return Response.json({ issues: await listLinkedIssues(workspace.id, session.id) });
  },
  { permission: "recordings:read" },
);

/** Creates an issue in GitHub, Linear or Jira pointing at a moment of the recording, and links it here. */
export const POST = withWorkspace<Params>(
  async ({ workspace, actor, request, params }) => {
    const input = await readJson(request, newIssueInput.strict());
    const session = await recordingOr404(workspace.id, params.sessionId);
    const issue = await createIssueFromRecording({
      workspace,
      sessionId: session.id,
      input,
      user: { id: actor.userId, name: await authorName(actor.userId) },
      origin: requestOrigin(request.headers),
    });
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "issue.created",
      target: `recording ${session.id}`,
      detail: { provider: issue.provider, key: issue.key },
    });
    return Response.json({ issue }, { status: 201 });
  },
  { permission: "issues:create" },
);

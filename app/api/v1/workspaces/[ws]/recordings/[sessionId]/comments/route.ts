import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { recordingOr404 } from "@/lib/api/recording";
import { newCommentBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { addComment, countComments, listComments, MAX_COMMENTS_PER_SESSION } from "@/lib/data/comments";
import { authorName } from "@/lib/data/users";
import { noteComment } from "@/lib/integrations/notify";

type Params = { ws: string; sessionId: string };

export const GET = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const session = await recordingOr404(workspace.id, params.sessionId);
    return Response.json({ comments: await listComments(workspace.id, session.id) });
  },
  { permission: "recordings:read" },
);

/** A comment at a moment of the recording. */
export const POST = withWorkspace<Params>(
  async ({ workspace, actor, request, params }) => {
    const input = await readJson(request, newCommentBody);
    const session = await recordingOr404(workspace.id, params.sessionId);
    if (input.atMs > session.durationMs + 1000) {
      throw new ApiError("bad_request", "atMs is beyond the end of this recording.");
    }
    if ((await countComments(workspace.id, session.id)) >= MAX_COMMENTS_PER_SESSION) {
      throw new ApiError("conflict", `A recording holds at most ${MAX_COMMENTS_PER_SESSION} comments.`);
    }
    const comment = await addComment(workspace.id, session.id, {
      userId: actor.userId,
      author: await authorName(actor.userId),
      atMs: input.atMs,
      text: input.text,
    });
    await noteComment(workspace, session.id, comment);
    return Response.json({ comment }, { status: 201 });
  },
  { permission: "comments:write" },
);

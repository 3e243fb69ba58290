import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { recordingOr404 } from "@/lib/api/recording";
import { editCommentBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { can } from "@/lib/auth/permissions";
import { deleteComment, getComment, updateComment } from "@/lib/data/comments";

type Params = { ws: string; sessionId: string; commentId: string };

async function commentOr404(ws: string, sid: string, id: string) {
  const session = await recordingOr404(ws, sid);
  const comment = await getComment(ws, session.id, id);
  if (!comment) throw new ApiError("not_found", "No such comment on this recording.");
  return { session, comment };
}

/** Edits your own comment. */
export const PATCH = withWorkspace<Params>(
  async ({ workspace, actor, request, params }) => {
    const { text } = await readJson(request, editCommentBody);
    const { session, comment } = await commentOr404(workspace.id, params.sessionId, params.commentId);
    if (comment.userId !== actor.userId) {
      throw new ApiError("forbidden", "Only its author can edit a comment.");
    }
    return Response.json({ comment: await updateComment(workspace.id, session.id, comment, text) });
  },
  { permission: "comments:write" },
);

/** Deletes your own comment; admins may delete anyone's. */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, role, params }) => {
    const { session, comment } = await commentOr404(workspace.id, params.sessionId, params.commentId);
    if (comment.userId !== actor.userId && !can(role, "comments:moderate")) {
      throw new ApiError("forbidden", "Only its author or an admin can delete a comment.");
    }
    await deleteComment(workspace.id, session.id, comment.id);
    return Response.json({ ok: true });
  },
  { permission: "comments:write" },
);

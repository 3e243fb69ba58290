import { ApiError } from "@/lib/api/errors";
import { decodeParam } from "@/lib/api/query";
import { recordingOr404 } from "@/lib/api/recording";
import { tagName } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { listTags, removeTag } from "@/lib/data/tags";

type Params = { ws: string; sessionId: string; tag: string };

export const DELETE = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const parsed = tagName.safeParse(decodeParam(params.tag));
    const session = await recordingOr404(workspace.id, params.sessionId);
    if (!parsed.success || !(await removeTag(workspace.id, session.id, parsed.data))) {
      throw new ApiError("not_found", "This recording has no such tag.");
    }
    return Response.json({ tags: await listTags(workspace.id, session.id) });
  },
  { permission: "tags:write" },
);

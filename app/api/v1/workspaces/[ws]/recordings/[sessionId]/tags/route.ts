import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { recordingOr404 } from "@/lib/api/recording";
import { tagBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { addTag, listTags, MAX_TAGS_PER_SESSION } from "@/lib/data/tags";

type Params = { ws: string; sessionId: string };

/** Tags a recording (`confirmed-bug`); tagging twice is harmless. */
export const POST = withWorkspace<Params>(
  async ({ workspace, request, params }) => {
    const { tag } = await readJson(request, tagBody);
    const session = await recordingOr404(workspace.id, params.sessionId);
    const tags = await listTags(workspace.id, session.id);
    if (!tags.includes(tag) && tags.length >= MAX_TAGS_PER_SESSION) {
      throw new ApiError("conflict", `A recording holds at most ${MAX_TAGS_PER_SESSION} tags.`);
    }
    const added = await addTag(workspace.id, session.id, session.startedAt, tag);
    return Response.json({ tags: await listTags(workspace.id, session.id) }, { status: added ? 201 : 200 });
  },
  { permission: "tags:write" },
);

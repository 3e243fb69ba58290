import { ApiError } from "@/lib/api/errors";
import { decodeParam } from "@/lib/api/query";
import { withWorkspace } from "@/lib/api/with-workspace";
import { erasedPersonTarget, recordAudit } from "@/lib/data/audit";
import { deletePersonRecordings } from "@/lib/data/person-recordings";
import { getPerson } from "@/lib/data/persons";

type Params = { ws: string; distinctId: string };

/** Deletes every recording of a person with its events; the person goes with the last one. */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, params }) => {
    const person = await getPerson(workspace.id, decodeParam(params.distinctId));
    if (!person) throw new ApiError("not_found", "No such person in this workspace.");
    const sessions = await deletePersonRecordings(workspace.id, person.distinctId);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "person.recordings_deleted",
      target: erasedPersonTarget(person.distinctId),
      detail: { sessions },
    });
    return Response.json({ ok: true, sessions });
  },
  { permission: "recordings:delete" },
);

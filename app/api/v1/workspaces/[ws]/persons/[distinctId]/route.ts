import { ApiError } from "@/lib/api/errors";
import { decodeParam } from "@/lib/api/query";
import { withWorkspace } from "@/lib/api/with-workspace";
import { erasedPersonTarget, recordAudit } from "@/lib/data/audit";
import { deletePerson, personProfile } from "@/lib/data/person-recordings";
import { getPerson } from "@/lib/data/persons";

type Params = { ws: string; distinctId: string };

async function personOr404(ws: string, raw: string) {
  const person = await getPerson(ws, decodeParam(raw));
  if (!person) throw new ApiError("not_found", "No such person in this workspace.");
  return person;
}

/** A person: properties, first and last seen, session count, and totals over their sessions. */
export const GET = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const person = await personOr404(workspace.id, params.distinctId);
    return Response.json({ person, profile: await personProfile(workspace.id, person.distinctId) });
  },
  { permission: "persons:read" },
);

/** Deletes a person with every recording, event and property of theirs (GDPR erasure). */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, params }) => {
    const person = await personOr404(workspace.id, params.distinctId);
    const { sessions } = await deletePerson(workspace.id, person.distinctId);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "person.deleted",
      // Not the id itself: the audit log must not keep what the erasure removed.
      target: erasedPersonTarget(person.distinctId),
      detail: { sessions },
    });
    return Response.json({ ok: true, sessions });
  },
  { permission: "persons:delete" },
);

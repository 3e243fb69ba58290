import { readJson } from "@/lib/api/body";
import { personalKeyBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/data/audit";
import { createPersonalKey, getProjectKey, listPersonalKeys, type PersonalKey } from "@/lib/data/keys";

const publicView = ({ hash: _hash, ...rest }: PersonalKey) => rest;

/** The project key (public by nature) and personal keys: all of them for admins, your own otherwise. */
export const GET = withWorkspace(
  async ({ workspace, actor, role }) => {
    const all = await listPersonalKeys(workspace.id);
    const visible = can(role, "keys:write") ? all : all.filter((k) => k.userId === actor.userId);
    return Response.json({
      projectKey: await getProjectKey(workspace.id),
      personalKeys: visible.map(publicView),
    });
  },
  { permission: "apikeys:own" },
);

export const POST = withWorkspace(
  async ({ workspace, actor, request }) => {
    const body = await readJson(request, personalKeyBody);
    const scopes = body.scope === "write" ? (["read", "write"] as const) : (["read"] as const);
    const { key, meta } = await createPersonalKey(workspace.id, {
      userId: actor.userId,
      name: body.name,
      scopes: [...scopes],
    });
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "apikey.created",
      target: meta.id,
      detail: { name: meta.name, scopes },
    });
    return Response.json({ key, meta: publicView(meta) }, { status: 201 });
  },
  { permission: "apikeys:own" },
);

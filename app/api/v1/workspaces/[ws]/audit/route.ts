import { withWorkspace } from "@/lib/api/with-workspace";
import { listAudit } from "@/lib/data/audit";
import { getUsers } from "@/lib/data/users";

export const GET = withWorkspace(
  async ({ workspace }) => {
    const entries = await listAudit(workspace.id, 200);
    const users = await getUsers([...new Set(entries.map((e) => e.actorId))]);
    return Response.json({
      entries: entries.map((e) => ({ ...e, actorEmail: users.get(e.actorId)?.email ?? null })),
    });
  },
  { permission: "audit:read" },
);

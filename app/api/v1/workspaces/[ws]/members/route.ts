import { withWorkspace } from "@/lib/api/with-workspace";
import { listMembers } from "@/lib/data/members";

export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ members: await listMembers(workspace.id) }),
  {
    permission: "members:read",
  },
);

import { withWorkspace } from "@/lib/api/with-workspace";
import { workspaceTags } from "@/lib/data/tags";

/** The workspace's tags in use, most used first, for suggestions. */
export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ tags: await workspaceTags(workspace.id) }),
  { permission: "recordings:read" },
);

import { withWorkspace } from "@/lib/api/with-workspace";
import { eventDefinitions } from "@/lib/data/events";

/** Every event name seen in the workspace with its volume and when it was last seen. */
export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ events: await eventDefinitions(workspace.id) }),
  { permission: "persons:read" },
);

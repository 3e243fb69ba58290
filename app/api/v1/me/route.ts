import { ApiError } from "@/lib/api/errors";
import { withUser } from "@/lib/api/with-workspace";
import { getUser } from "@/lib/data/users";
import { workspacesOf } from "@/lib/data/workspaces";

export const GET = withUser(async ({ userId }) => {
  const user = await getUser(userId);
  if (!user) throw new ApiError("unauthorized", "Your account no longer exists.");
  return Response.json({ user, workspaces: await workspacesOf(userId) });
});

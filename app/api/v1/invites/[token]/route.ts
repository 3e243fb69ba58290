import { ApiError } from "@/lib/api/errors";
import { withPublic } from "@/lib/api/with-public";
import { withUser } from "@/lib/api/with-workspace";
import { findInvite, joinWithInvite } from "@/lib/data/invites";
import { getUser } from "@/lib/data/users";
import { getWorkspace } from "@/lib/data/workspaces";

type Params = { token: string };

/** Public: what an invite link opens (workspace name, email, role), so the page can explain it. */
export const GET = withPublic<Params>(async ({ params: { token } }) => {
  const invite = await findInvite(token);
  const workspace = invite ? await getWorkspace(invite.workspaceId) : null;
  if (!invite || !workspace) {
    throw new ApiError("gone", "This invite link is no longer valid: it was used, revoked or has expired.");
  }
  return Response.json({
    workspace: { name: workspace.name, slug: workspace.slug },
    email: invite.email,
    role: invite.role,
    expiresAt: invite.expiresAt,
  });
});

export const POST = withUser<Params>(async ({ userId, params }) => {
  const user = await getUser(userId);
  if (!user) throw new ApiError("unauthorized", "Log in first.");
  const invite = await joinWithInvite(params.token, user);
  const workspace = await getWorkspace(invite.workspaceId);
  return Response.json({ workspace, role: invite.role });
});

import { recordAudit } from "./audit";
import { acceptInvite, auditJoin, type Invite } from "./invites";
import { createUser, discardNewUser, type User } from "./users";
import { createWorkspace, getWorkspace, type Workspace } from "./workspaces";

/** How a new account starts: in a workspace of its own, or in the one an invite opens. */
export type Start = { invite: Invite; inviteToken: string } | { workspaceName: string };

/**
 * Creates a user and either a first workspace (owner) or the invite's membership, as one step: a
 * failed sign-up leaves no account behind, so the email can sign up again. Audited once the
 * account is whole, so a failed audit write does not undo a made account.
 */
export async function openAccount(
  input: { email: string; name: string; password: string },
  start: Start,
): Promise<{ user: User; workspace: Workspace | null }> {
  const user = await createUser(input);
  let workspace: Workspace | null = null;
  try {
    if ("invite" in start) await acceptInvite(start.inviteToken, user);
    else workspace = await createWorkspace(user.id, start.workspaceName);
  } catch (error) {
    // createWorkspace undoes its own writes; the user is ours to undo.
    await discardNewUser(user).catch((undo: unknown) =>
      console.error(`[signup] could not undo the half-made account ${user.id}`, undo),
    );
    throw error;
  }
  if ("invite" in start) {
    workspace = await getWorkspace(start.invite.workspaceId);
    await auditJoin(start.invite, user.id);
  } else if (workspace) {
    await recordAudit(workspace.id, { actorId: user.id, action: "workspace.created", target: workspace.id });
  }
  return { user, workspace };
}

import { readJson } from "@/lib/api/body";
import { ApiError, handleErrors } from "@/lib/api/errors";
import { signupBody } from "@/lib/api/schemas";
import { passwordProblem } from "@/lib/auth/password";
import { recordAudit } from "@/lib/data/audit";
import { acceptInvite, auditJoin, findInvite } from "@/lib/data/invites";
import { createUser, discardNewUser } from "@/lib/data/users";
import { createWorkspace, getWorkspace, type Workspace, workspaceNameProblem } from "@/lib/data/workspaces";
import { enforceLimit, type Limit } from "@/lib/ratelimit";
import { clientIp } from "@/lib/request-origin";

const SIGNUP_LIMIT_IP: Limit = { scope: "signup:ip", max: 20, windowMs: 60 * 60 * 1000 };
const SIGNUP_LIMIT_EMAIL: Limit = { scope: "signup:email", max: 5, windowMs: 60 * 60 * 1000 };

/** Creates an account and either a first workspace (owner) or, with an invite, joins that one. */
export const POST = handleErrors(async (request: Request) => {
  // Counted before anything else (count, then decide): parallel requests cannot slip in between.
  await enforceLimit(
    SIGNUP_LIMIT_IP,
    clientIp(request.headers),
    "Too many sign-ups from this address. Try again later.",
  );
  const body = await readJson(request, signupBody);
  await enforceLimit(
    SIGNUP_LIMIT_EMAIL,
    body.email,
    "Too many sign-up attempts for this email. Try again later.",
  );
  const weak = passwordProblem(body.password, body.email);
  if (weak) throw new ApiError("bad_request", `password: ${weak}`);
  const invite = body.inviteToken ? await findInvite(body.inviteToken) : null;
  if (body.inviteToken && !invite) {
    throw new ApiError("gone", "This invite link is no longer valid: it was used, revoked or has expired.");
  }
  if (invite && invite.email !== body.email) {
    throw new ApiError(
      "bad_request",
      `email: this invite is for ${invite.email}; sign up with that address.`,
    );
  }
  if (!invite) {
    const problem = workspaceNameProblem(body.workspaceName ?? "");
    if (problem) throw new ApiError("bad_request", `workspaceName: ${problem}`);
  }
  const user = await createUser({ email: body.email, name: body.name, password: body.password });
  let workspace: Workspace | null = null;
  try {
    if (invite) await acceptInvite(body.inviteToken!, user);
    else workspace = await createWorkspace(user.id, body.workspaceName!);
  } catch (error) {
    // A failed sign-up leaves no account behind (createWorkspace undoes its own writes): the
    // email can sign up again.
    await discardNewUser(user).catch((undo: unknown) =>
      console.error(`[signup] could not undo the half-made account ${user.id}`, undo),
    );
    throw error;
  }
  // Audited once the account is whole: a failed audit write must not undo a made account.
  if (invite) {
    workspace = await getWorkspace(invite.workspaceId);
    await auditJoin(invite, user.id);
  } else if (workspace) {
    await recordAudit(workspace.id, { actorId: user.id, action: "workspace.created", target: workspace.id });
  }
  return Response.json({ user: { id: user.id, email: user.email }, workspace }, { status: 201 });
});

import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { signupBody } from "@/lib/api/schemas";
import { withPublic } from "@/lib/api/with-public";
import { passwordProblem } from "@/lib/auth/password";
import { openAccount } from "@/lib/data/accounts";
import { findInvite } from "@/lib/data/invites";
import { workspaceNameProblem } from "@/lib/data/workspaces";
import { enforceLimit, type Limit } from "@/lib/ratelimit";
import { clientIp } from "@/lib/request-origin";

const SIGNUP_LIMIT_IP: Limit = { scope: "signup:ip", max: 20, windowMs: 60 * 60 * 1000 };
const SIGNUP_LIMIT_EMAIL: Limit = { scope: "signup:email", max: 5, windowMs: 60 * 60 * 1000 };

/** Creates an account and either a first workspace (owner) or, with an invite, joins that one. */
export const POST = withPublic(async ({ req: request }) => {
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
  const { user, workspace } = await openAccount(
    { email: body.email, name: body.name, password: body.password },
    invite ? { invite, inviteToken: body.inviteToken! } : { workspaceName: body.workspaceName! },
  );
  return Response.json({ user: { id: user.id, email: user.email }, workspace }, { status: 201 });
});

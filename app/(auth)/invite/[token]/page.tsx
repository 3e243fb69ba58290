import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvite } from "@/components/auth/accept-invite";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { SignupForm } from "@/components/auth/signup-form";
import { ButtonLink } from "@/components/ui/button-link";
import { Alert } from "@/components/ui/field";
import { sessionUserId } from "@/lib/auth/actor";
import { findInvite } from "@/lib/data/invites";
import { findUserByEmail, getUser } from "@/lib/data/users";
import { getWorkspace } from "@/lib/data/workspaces";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInvite(token);
  const workspace = invite ? await getWorkspace(invite.workspaceId) : null;
  if (!invite || !workspace) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">This invite is no longer valid</h1>
        <Alert>It was used, revoked or has expired. Ask the person who invited you for a new link.</Alert>
        <ButtonLink href="/" variant="secondary">
          Go to Rewind
        </ButtonLink>
      </div>
    );
  }
  const userId = await sessionUserId();
  const user = userId ? await getUser(userId) : null;
  const returnTo = `/invite/${token}`;
  if (!user) {
    if (await findUserByEmail(invite.email)) {
      return (
        <div className="space-y-4">
          <h1 className="text-xl font-semibold">Join {workspace.name}</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Log in as <strong>{invite.email}</strong> to accept this invite as {invite.role}.
          </p>
          <ButtonLink
            href={`/login?email=${encodeURIComponent(invite.email)}&callbackUrl=${encodeURIComponent(returnTo)}`}
          >
            Log in to accept
          </ButtonLink>
        </div>
      );
    }
    return <SignupForm invite={{ token, email: invite.email, workspaceName: workspace.name }} />;
  }
  if (user.email !== invite.email) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">This invite is for someone else</h1>
        <Alert>
          It was sent to {invite.email}, and you are logged in as {user.email}. Log out and use that address,
          or ask for an invite to yours.
        </Alert>
        <div className="flex justify-between">
          <Link href="/workspaces" className="text-sm text-brand-600 hover:underline">
            Your workspaces
          </Link>
          <SignOutButton callbackUrl={returnTo} />
        </div>
      </div>
    );
  }
  return <AcceptInvite token={token} workspaceName={workspace.name} role={invite.role} />;
}

import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { inviteBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/data/audit";
import { createInvite, listInvites } from "@/lib/data/invites";
import { listMembers } from "@/lib/data/members";
import { getUser } from "@/lib/data/users";
import { appUrl, sendEmail } from "@/lib/email";

/** Pending invites, each with its link (copyable until accepted) when the server can still open it. */
export const GET = withWorkspace(
  async ({ workspace, request }) =>
    Response.json({
      invites: (await listInvites(workspace.id)).map(({ token, ...invite }) => ({
        ...invite,
        url: token ? appUrl(request, `/invite/${token}`) : null,
      })),
    }),
  { permission: "members:invite" },
);

/** Invites by email. The link is emailed when SMTP is set up, and always returned to show once. */
export const POST = withWorkspace(
  async ({ workspace, actor, role, request }) => {
    const body = await readJson(request, inviteBody);
    if ((body.role === "owner" || body.role === "admin") && !can(role, "members:admin")) {
      throw new ApiError("forbidden", "Only owners invite owners and admins.");
    }
    if ((await listMembers(workspace.id)).some((m) => m.email === body.email)) {
      throw new ApiError("conflict", `${body.email} is already a member of this workspace.`);
    }
    const { invite, token } = await createInvite(workspace.id, {
      email: body.email,
      role: body.role,
      invitedBy: actor.userId,
    });
    const url = appUrl(request, `/invite/${token}`);
    const inviter = await getUser(actor.userId);
    const emailed = await sendEmail({
      to: invite.email,
      subject: `${inviter?.name || inviter?.email || "A teammate"} invited you to ${workspace.name} on Rewind`,
      text: `You are invited to join ${workspace.name} on Rewind as ${invite.role}.\n\nAccept (valid for 7 days, once):\n${url}`,
    });
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "invite.created",
      target: invite.email,
      detail: { role: invite.role },
    });
    return Response.json({ invite, url, emailed }, { status: 201 });
  },
  { permission: "members:invite" },
);

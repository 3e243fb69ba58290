import type { Metadata } from "next";
import { MembersSettings } from "@/components/settings/members-settings";
import { NoAccess } from "@/components/settings/no-access";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role, user } = await workspacePage(slug, `/${slug}/settings/members`);
  if (!can(role, "members:invite")) return <NoAccess role={role} needs="admins and owners" />;
  return <MembersSettings slug={workspace.slug} myId={user.id} myRole={role} />;
}

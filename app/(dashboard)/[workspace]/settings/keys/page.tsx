import type { Metadata } from "next";
import { KeysSettings } from "@/components/settings/keys-settings";
import { NoAccess } from "@/components/settings/no-access";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/keys`);
  if (!can(role, "comments:write")) return <NoAccess role={role} needs="members, admins and owners" />;
  return <KeysSettings slug={workspace.slug} canRotate={can(role, "keys:write")} />;
}

import type { Metadata } from "next";
import { KeysSettings } from "@/components/settings/keys-settings";
import { NoAccess } from "@/components/settings/no-access";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/keys`);
  // Every role that may make personal keys through the API gets the page to make and revoke them.
  if (!can(role, "apikeys:own")) return <NoAccess role={role} needs="members of the workspace" />;
  return <KeysSettings slug={workspace.slug} canRotate={can(role, "keys:write")} />;
}

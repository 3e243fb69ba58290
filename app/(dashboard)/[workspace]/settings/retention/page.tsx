import type { Metadata } from "next";
import { NoAccess } from "@/components/settings/no-access";
import { RetentionSettings } from "@/components/settings/retention-settings";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { retentionOverview } from "@/lib/retention/overview";

export const metadata: Metadata = { title: "Retention settings" };
export const dynamic = "force-dynamic";

export default async function RetentionSettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/retention`);
  if (!can(role, "settings:write")) return <NoAccess role={role} needs="admins and owners" />;
  return <RetentionSettings workspace={workspace.slug} overview={await retentionOverview(workspace)} />;
}

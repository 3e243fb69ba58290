import type { Metadata } from "next";
import { GeneralSettings } from "@/components/settings/general-settings";
import { NoAccess } from "@/components/settings/no-access";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "General settings" };

export default async function GeneralPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/general`);
  if (!can(role, "settings:write")) return <NoAccess role={role} needs="admins and owners" />;
  return (
    <GeneralSettings
      workspace={{ name: workspace.name, slug: workspace.slug }}
      canDelete={can(role, "workspace:delete")}
    />
  );
}

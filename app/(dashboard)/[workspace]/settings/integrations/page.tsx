import type { Metadata } from "next";
import { IntegrationsSettings } from "@/components/settings/integrations-settings";
import { NoAccess } from "@/components/settings/no-access";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { listDeliveries } from "@/lib/data/deliveries";
import { publicView } from "@/lib/data/integrations";
import { listPlaylists } from "@/lib/data/playlists";

export const metadata: Metadata = { title: "Integrations" };
export const dynamic = "force-dynamic";

/** Issue trackers, Slack and webhooks: admins only; secrets never reach this page, only their last four characters. */
export default async function IntegrationsSettingsPage({
  params,
}: {
  params: Promise<{ workspace: string }>;
}) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/integrations`);
  if (!can(role, "integrations:manage")) return <NoAccess role={role} needs="admins and owners" />;
  const [view, playlists, deliveries] = await Promise.all([
    publicView(workspace.id),
    listPlaylists(workspace.id),
    listDeliveries(workspace.id, 50),
  ]);
  return (
    <IntegrationsSettings
      workspace={workspace.slug}
      view={view}
      playlists={playlists.map((p) => ({ id: p.id, name: p.name }))}
      deliveries={deliveries}
    />
  );
}

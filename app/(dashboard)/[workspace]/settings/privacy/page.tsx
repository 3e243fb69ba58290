import type { Metadata } from "next";
import { PrivacySettings } from "@/components/settings/privacy-settings";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { pageViewVolumes } from "@/lib/data/events";
import { getRecordingSettings } from "@/lib/data/settings";

export const metadata: Metadata = { title: "Privacy settings" };
export const dynamic = "force-dynamic";

export default async function PrivacySettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/privacy`);
  const now = Date.now();
  const [s, pages] = await Promise.all([
    getRecordingSettings(workspace.id),
    pageViewVolumes(workspace.id, now - 30 * 86_400_000, now, 30),
  ]);
  return (
    <PrivacySettings
      workspace={workspace.slug}
      initial={{
        masking: s.masking,
        console: s.console,
        network: s.network,
        allowedOrigins: s.allowedOrigins,
      }}
      canWrite={can(role, "settings:write")}
      pages={pages.map((p) => p.path)}
    />
  );
}

import type { Metadata } from "next";
import { SessionSettings } from "@/components/settings/session-settings";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { getRecordingSettings } from "@/lib/data/settings";

export const metadata: Metadata = { title: "Session settings" };

export default async function SessionsSettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/sessions`);
  const s = await getRecordingSettings(workspace.id);
  return (
    <SessionSettings
      workspace={workspace.slug}
      initial={{ idleTimeoutMs: s.idleTimeoutMs, sessionIdSource: s.sessionIdSource }}
      canWrite={can(role, "settings:write")}
    />
  );
}

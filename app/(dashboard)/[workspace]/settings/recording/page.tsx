import type { Metadata } from "next";
import { NoAccess } from "@/components/settings/no-access";
import { RecordingSettingsForm } from "@/components/settings/recording-settings";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { recentDurations, sessionsStartedIn } from "@/lib/data/sessions";
import { getRecordingSettings } from "@/lib/data/settings";

export const metadata: Metadata = { title: "Recording settings" };
export const dynamic = "force-dynamic";

const DAY = 86_400_000;

export default async function RecordingSettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/settings/recording`);
  if (!can(role, "settings:write")) return <NoAccess role={role} needs="admins and owners" />;
  const now = Date.now();
  const [settings, [lastWeek], durations] = await Promise.all([
    getRecordingSettings(workspace.id),
    sessionsStartedIn(workspace.id, [[now - 7 * DAY, now]]),
    recentDurations(workspace.id, 1000),
  ]);
  const recordedPerDay = (lastWeek ?? 0) / 7;
  return (
    <RecordingSettingsForm
      workspace={workspace.slug}
      initial={settings}
      traffic={{
        recordedPerDay,
        // What the site sees is what was recorded, scaled back up by the sampling in force.
        sitePerDay: settings.sampleRate > 0 ? recordedPerDay / settings.sampleRate : null,
        durations: durations.sort((a, b) => a - b),
      }}
    />
  );
}

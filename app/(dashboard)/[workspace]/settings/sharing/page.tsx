import type { Metadata } from "next";
import { SharingSettings } from "@/components/settings/sharing-settings";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { listPlaylists } from "@/lib/data/playlists";
import { getSessions } from "@/lib/data/sessions";
import { getSharingPolicy } from "@/lib/data/settings";
import { listShares } from "@/lib/data/shares";
import { getUsers } from "@/lib/data/users";
import { formatUtcMinute } from "@/lib/format";

export const metadata: Metadata = { title: "Sharing settings" };
export const dynamic = "force-dynamic";

export default async function SharingSettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role, user } = await workspacePage(slug, `/${slug}/settings/sharing`);
  const [policy, shares] = await Promise.all([getSharingPolicy(workspace.id), listShares(workspace.id)]);
  const [users, playlists, sessions] = await Promise.all([
    getUsers([...new Set(shares.map((s) => s.createdBy))]),
    listPlaylists(workspace.id),
    getSessions(
      workspace.id,
      shares.filter((s) => s.kind === "recording").map((s) => s.targetId),
    ),
  ]);
  const label = (kind: string, id: string) =>
    kind === "playlist"
      ? `Playlist “${playlists.find((p) => p.id === id)?.name ?? id}”`
      : `Recording of ${formatUtcMinute(sessions.find((r) => r.id === id)?.startedAt ?? 0)}`;
  return (
    <SharingSettings
      workspace={workspace.slug}
      policy={policy}
      canWrite={can(role, "settings:write")}
      links={shares.map((s) => ({
        id: s.id,
        kind: s.kind,
        targetId: s.targetId,
        label: label(s.kind, s.targetId),
        creator: users.get(s.createdBy)?.name || users.get(s.createdBy)?.email || "a former member",
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        views: s.views,
        showPerson: s.showPerson,
        canRevoke: s.createdBy === user.id || can(role, "shares:revoke"),
      }))}
    />
  );
}

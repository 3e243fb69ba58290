import type { Metadata } from "next";
import { headers } from "next/headers";
import { SaveAsPlaylist } from "@/components/playlists/playlist-form";
import { ImportRrweb } from "@/components/recordings/import-rrweb";
import { Onboarding } from "@/components/recordings/onboarding";
import { RecordingsView } from "@/components/recordings/recordings-view";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { getProjectKey } from "@/lib/data/keys";
import { recentSessionIds } from "@/lib/data/sessions";
import { requestOrigin } from "@/lib/request-origin";
import { SORT_OPTIONS, type Sort } from "@/lib/search/engine";

export const metadata: Metadata = { title: "Recordings" };
export const dynamic = "force-dynamic";

export default async function RecordingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ cursor?: string; q?: string; sort?: string }>;
}) {
  const { workspace: slug } = await params;
  const { cursor, q = "", sort } = await searchParams;
  const { workspace, user, role } = await workspacePage(slug, `/${slug}/recordings`);
  const origin = requestOrigin(await headers());
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="text-2xl font-semibold">Recordings</h1>
        <div className="flex flex-wrap items-start gap-2">
          {can(role, "recordings:import") && <ImportRrweb workspace={workspace.slug} />}
          {can(role, "playlists:write") && (
            <SaveAsPlaylist
              workspace={workspace.slug}
              query={q}
              sort={sort && SORT_OPTIONS.includes(sort as Sort) ? sort : "recent"}
            />
          )}
        </div>
      </div>
      <RecordingsView
        workspace={workspace}
        userId={user.id}
        q={q}
        rawSort={sort}
        cursor={cursor}
        clearHref={`/${workspace.slug}/recordings`}
        canPin={can(role, "playlists:write")}
        empty={async () =>
          (await recentSessionIds(workspace.id, 1)).length > 0 ? null : (
            <Onboarding
              projectKey={(await getProjectKey(workspace.id)).current}
              origin={origin}
              workspaceName={workspace.name}
            />
          )
        }
      />
    </div>
  );
}

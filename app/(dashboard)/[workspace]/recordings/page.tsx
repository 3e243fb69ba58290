import type { Metadata } from "next";
import { headers } from "next/headers";
import { Onboarding } from "@/components/recordings/onboarding";
import { RecordingsView } from "@/components/recordings/recordings-view";
import { workspacePage } from "@/lib/auth/access";
import { getProjectKey } from "@/lib/data/keys";
import { recentSessionIds } from "@/lib/data/sessions";

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
  const { workspace, user } = await workspacePage(slug, `/${slug}/recordings`);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host")}`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Recordings</h1>
      <RecordingsView
        workspace={workspace}
        userId={user.id}
        q={q}
        rawSort={sort}
        cursor={cursor}
        clearHref={`/${workspace.slug}/recordings`}
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

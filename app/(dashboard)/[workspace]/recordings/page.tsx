import type { Metadata } from "next";
import { workspacePage } from "@/lib/auth/access";
import { getProjectKey } from "@/lib/data/keys";

export const metadata: Metadata = { title: "Recordings" };
export const dynamic = "force-dynamic";

export default async function RecordingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace } = await workspacePage(slug, `/${slug}/recordings`);
  const key = await getProjectKey(workspace.id);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Recordings</h1>
      <section className="rounded-xl border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
        <h2 className="text-lg font-semibold">No recordings yet</h2>
        <p className="mx-auto mt-2 max-w-lg text-sm text-zinc-600 dark:text-zinc-400">
          Recordings of {workspace.name} appear here once your site sends them with this workspace&apos;s
          project key:
        </p>
        <code
          className="mt-4 inline-block rounded-md bg-zinc-100 px-3 py-1.5 font-mono text-sm dark:bg-zinc-800"
          data-testid="project-key"
        >
          {key.current}
        </code>
      </section>
    </div>
  );
}

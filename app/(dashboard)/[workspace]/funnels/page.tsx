import type { Metadata } from "next";
import Link from "next/link";
import { FunnelRowSummary } from "@/components/funnels/funnel-row-summary";
import { formatRelative } from "@/components/recordings/format";
import { stepLabel } from "@/lib/analytics/funnel";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { listFunnels } from "@/lib/data/funnels";

export const metadata: Metadata = { title: "Funnels" };
export const dynamic = "force-dynamic";

export default async function FunnelsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/funnels`);
  const funnels = await listFunnels(workspace.id);
  const now = Date.now();
  const base = `/${workspace.slug}/funnels`;
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Funnels</h1>
        <Link
          href={`${base}/new`}
          className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          New funnel
        </Link>
      </div>
      {funnels.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No saved funnels yet. A funnel shows how many people go through a series of steps — and takes you to
          the replay of each one who gave up.{" "}
          {can(role, "funnels:write")
            ? "Create one to share it with your team."
            : "Members can save funnels."}
        </p>
      ) : (
        <ul
          className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          data-testid="funnels"
        >
          {funnels.map((f) => (
            <li key={f.id} className="px-4 py-3">
              <Link href={`${base}/${f.id}`} className="font-medium hover:underline">
                {f.name}
              </Link>
              <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">
                {f.steps.map(stepLabel).join(" → ")}
              </p>
              <FunnelRowSummary workspace={workspace.slug} funnelId={f.id} />
              <p className="text-xs text-zinc-500">Updated {formatRelative(f.updatedAt, now)}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import { HeatmapView } from "@/components/heatmaps/heatmap-view";
import { workspacePage } from "@/lib/auth/access";
import { heatPaths } from "@/lib/data/heatmaps";

export const metadata: Metadata = { title: "Heatmaps" };
export const dynamic = "force-dynamic";

/** Clicks, moves and scroll depth of a page, drawn over a frame rebuilt from a recorded snapshot of it. */
export default async function HeatmapsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ path?: string; width?: string; layer?: string; q?: string }>;
}) {
  const { workspace: slug } = await params;
  const { workspace } = await workspacePage(slug, `/${slug}/heatmaps`);
  const paths = (await heatPaths(workspace.id, 200)).map((p) => p.path);
  const initial = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Heatmaps</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Where visitors click, move and how far they scroll, drawn over the page as it was recorded.
      </p>
      <HeatmapView workspace={workspace.slug} paths={paths} initial={initial} />
    </div>
  );
}

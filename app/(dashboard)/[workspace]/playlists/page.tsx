import type { Metadata } from "next";
import Link from "next/link";
import { PlaylistForm } from "@/components/playlists/playlist-form";
import { formatRelative } from "@/components/recordings/format";
import { Card } from "@/components/ui/card";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { listPlaylists } from "@/lib/data/playlists";
import { playlistSummaries } from "@/lib/playlists/summary";

export const metadata: Metadata = { title: "Playlists" };
export const dynamic = "force-dynamic";

const columns: TableColumn[] = [
  { id: "name", header: "Name", sortable: true },
  { id: "count", header: "Recordings", sortable: true, className: "tabular-nums" },
  { id: "owner", header: "Owner", sortable: true },
  { id: "updated", header: "Updated", sortable: true },
];

export default async function PlaylistsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/playlists`);
  const playlists = await playlistSummaries(workspace.id, await listPlaylists(workspace.id));
  const now = Date.now();
  const base = `/${workspace.slug}/playlists`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Playlists</h1>
      <DataTable
        label="Playlists"
        testId="playlists"
        emptyTestId="no-playlists"
        columns={columns}
        empty={
          <>
            No playlists yet. A playlist keeps recordings worth watching together: save a search from the{" "}
            <Link
              href={`/${workspace.slug}/recordings`}
              className="font-medium text-brand-600 hover:underline"
            >
              Recordings
            </Link>{" "}
            page (new matches join it), or pin recordings to it from the player.
          </>
        }
        rows={playlists.map((p) => ({
          id: p.id,
          sort: { name: p.name.toLowerCase(), count: p.count, owner: p.owner, updated: p.updatedAt },
          cells: {
            name: (
              <>
                <Link href={`${base}/${p.id}`} className="font-medium hover:underline">
                  {p.name}
                </Link>
                {p.description && <p className="text-zinc-600 dark:text-zinc-400">{p.description}</p>}
                {p.query && <code className="text-xs text-zinc-500">{p.query}</code>}
              </>
            ),
            count: (
              <>
                {p.count}
                {p.countCapped ? "+" : ""}
                {p.query && p.pinnedCount > 0 && (
                  <span className="text-zinc-500"> ({p.pinnedCount} pinned)</span>
                )}
              </>
            ),
            owner: p.owner,
            updated: (
              <span className="text-zinc-600 dark:text-zinc-400" title={new Date(p.updatedAt).toISOString()}>
                {formatRelative(p.updatedAt, now)}
              </span>
            ),
          },
        }))}
      />
      {can(role, "playlists:write") && (
        <Card
          title="New playlist"
          description="Pin recordings to it from the player, give it a search, or both."
        >
          <div className="max-w-md">
            <PlaylistForm
              workspace={workspace.slug}
              initial={{ name: "", description: "", query: "", sort: "recent" }}
              submitLabel="Create playlist"
            />
          </div>
        </Card>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { PlaylistForm } from "@/components/playlists/playlist-form";
import { formatRelative } from "@/components/recordings/format";
import { Card } from "@/components/ui/card";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { listPlaylists } from "@/lib/data/playlists";
import { playlistSummaries } from "@/lib/playlists/summary";

export const metadata: Metadata = { title: "Playlists" };
export const dynamic = "force-dynamic";

export default async function PlaylistsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/playlists`);
  const playlists = await playlistSummaries(workspace.id, await listPlaylists(workspace.id));
  const now = Date.now();
  const base = `/${workspace.slug}/playlists`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Playlists</h1>
      {playlists.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
          data-testid="no-playlists"
        >
          No playlists yet. A playlist keeps recordings worth watching together: save a search from the{" "}
          <Link href={`/${workspace.slug}/recordings`} className="font-medium text-brand-600 hover:underline">
            Recordings
          </Link>{" "}
          page (new matches join it), or pin recordings to it from the player.
        </p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="playlists">
          <thead className="text-xs uppercase text-zinc-500">
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th className="py-2 pr-4 font-medium">Name</th>
              <th className="py-2 pr-4 font-medium">Recordings</th>
              <th className="py-2 pr-4 font-medium">Owner</th>
              <th className="py-2 font-medium">Updated</th>
            </tr>
          </thead>
          <tbody>
            {playlists.map((p) => (
              <tr key={p.id} className="border-b border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-2 pr-4">
                  <Link href={`${base}/${p.id}`} className="font-medium hover:underline">
                    {p.name}
                  </Link>
                  {p.description && <p className="text-zinc-600 dark:text-zinc-400">{p.description}</p>}
                  {p.query && <code className="text-xs text-zinc-500">{p.query}</code>}
                </td>
                <td className="py-2 pr-4 tabular-nums">
                  {p.count}
                  {p.countCapped ? "+" : ""}
                  {p.query && p.pinnedCount > 0 && (
                    <span className="text-zinc-500"> ({p.pinnedCount} pinned)</span>
                  )}
                </td>
                <td className="py-2 pr-4">{p.owner}</td>
                <td
                  className="py-2 text-zinc-600 dark:text-zinc-400"
                  title={new Date(p.updatedAt).toISOString()}
                >
                  {formatRelative(p.updatedAt, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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

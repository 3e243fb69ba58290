import { readQuery } from "@/lib/api/query";
import { heatmapQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { heatmapOf } from "@/lib/heatmaps/query";
import { parseSearch } from "@/lib/search/parse";

/** One page's heatmap for a width bucket, days and layer, optionally of the sessions a search matches. */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const query = readQuery(searchParams, heatmapQuery);
    // A search that does not parse leaves as a 400 pointing at the character (lib/api/errors.ts).
    const filter = query.q.trim() ? parseSearch(query.q) : null;
    return Response.json({ heatmap: await heatmapOf(workspace.id, { ...query, filter }) });
  },
  { permission: "recordings:read" },
);

import { readJson } from "@/lib/api/body";
import { readQuery } from "@/lib/api/query";
import { retentionChangeBody, retentionPreviewQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { getWorkspace, setRetention } from "@/lib/data/workspaces";
import { forgetIngestCache } from "@/lib/ingest/ingest";
import { deletionsIf, retentionOverview } from "@/lib/retention/overview";

/**
 * How long recordings are kept, the last purge and the next. With `?days=N&shortenExisting=1`
 * it also says how many recordings the next purge would delete under that change.
 */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const q = readQuery(searchParams, retentionPreviewQuery);
    const overview = await retentionOverview(workspace);
    const wouldDelete =
      q.days === undefined
        ? undefined
        : await deletionsIf(workspace, q.days, q.shortenExisting === "1" || q.shortenExisting === "true");
    return Response.json({ retention: overview, ...(wouldDelete === undefined ? {} : { wouldDelete }) });
  },
  { permission: "settings:read" },
);

/** Sets the retention of new recordings (and, with shortenExisting, cuts older ones to it). */
export const PUT = withWorkspace(
  async ({ workspace, actor, request }) => {
    const input = await readJson(request, retentionChangeBody);
    await setRetention(workspace.id, input.days, input.shortenExisting);
    forgetIngestCache(workspace.id);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "settings.updated",
      target: "retention",
      detail: { from: workspace.retentionDays, to: input.days, shortenExisting: input.shortenExisting },
    });
    const updated = (await getWorkspace(workspace.id)) ?? workspace;
    return Response.json({ retention: await retentionOverview(updated) });
  },
  { permission: "settings:write" },
);

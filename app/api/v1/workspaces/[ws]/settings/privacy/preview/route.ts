import { ApiError } from "@/lib/api/errors";
import { readQuery } from "@/lib/api/query";
import { privacyPreviewQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recentSnapshotOf } from "@/lib/replay/snapshot-sample";

/** A recent recorded snapshot of a page, for previewing masking settings before saving them. */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const { path } = readQuery(searchParams, privacyPreviewQuery);
    const sample = await recentSnapshotOf(workspace.id, path);
    if (!sample) {
      throw new ApiError(
        "not_found",
        `No recent recording has a full snapshot of ${path}; pick another page.`,
      );
    }
    return Response.json({ sample });
  },
  { permission: "settings:read" },
);

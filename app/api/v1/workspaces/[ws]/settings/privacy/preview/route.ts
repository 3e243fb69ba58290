import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { readQuery } from "@/lib/api/query";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recentSnapshotOf } from "@/lib/replay/snapshot-sample";

const query = z.object({ path: z.string().startsWith("/", "path must start with /").max(300) });

/** A recent recorded snapshot of a page, for previewing masking settings before saving them. */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const { path } = readQuery(searchParams, query);
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

import { chunkRangeResponse } from "@/lib/api/chunk-response";
import { readQuery } from "@/lib/api/query";
import { chunkRangeQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";

/** The chunks starting in [from, to] in one answer, each as stored (at most 32 chunks / 8 MB). */
export const GET = withWorkspace<{ ws: string; sessionId: string }>(
  async ({ workspace, params, searchParams }) => {
    const { from, to } = readQuery(searchParams, chunkRangeQuery);
    return chunkRangeResponse(workspace.id, params.sessionId, from, to);
  },
  { permission: "recordings:read" },
);

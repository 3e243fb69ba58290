import { chunkResponse, gzipUnlessStored } from "@/lib/api/chunk-response";
import { withWorkspace } from "@/lib/api/with-workspace";

/** One stored batch of a recording, as stored (gzip). */
const handler = withWorkspace<{ ws: string; sessionId: string; chunkId: string }>(
  async ({ workspace, params }) => chunkResponse(workspace.id, params.sessionId, params.chunkId),
  { permission: "recordings:read" },
);

export async function GET(request: Request, context: Parameters<typeof handler>[1]): Promise<Response> {
  return gzipUnlessStored(await handler(request, context));
}

import { ApiError, handleErrors } from "@/lib/api/errors";
import { resolveProjectKey } from "@/lib/data/keys";
import { getWorkspace } from "@/lib/data/workspaces";
import { ID_PATTERN } from "@/lib/ids";

/**
 * The SDK's getReplayUrl() points here (it knows the project key, not the workspace's address):
 * resolve the workspace, then go to the recording; the dashboard asks for login as usual.
 */
export const GET = handleErrors(
  async (request: Request, context: { params: Promise<{ sessionId: string }> }) => {
    const { sessionId } = await context.params;
    const key = new URL(request.url).searchParams.get("k") ?? "";
    const workspaceId = key ? await resolveProjectKey(key) : null;
    const workspace = workspaceId ? await getWorkspace(workspaceId) : null;
    if (!workspace || !ID_PATTERN.test(sessionId)) throw new ApiError("not_found", "No such recording link.");
    // A plain 307 rather than next/navigation's redirect(): that one throws a control-flow error,
    // which handleErrors would turn into a 500. A relative Location keeps the host the browser used.
    return new Response(null, {
      status: 307,
      headers: { location: `/${encodeURIComponent(workspace.slug)}/recordings/${sessionId}` },
    });
  },
);

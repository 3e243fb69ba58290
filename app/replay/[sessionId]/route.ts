import { ApiError } from "@/lib/api/errors";
import { withProjectKey } from "@/lib/api/with-project-key";
import { getWorkspace } from "@/lib/data/workspaces";
import { ID_PATTERN } from "@/lib/ids";

const noSuchLink = () => new ApiError("not_found", "No such recording link.");

/**
 * The SDK's getReplayUrl() points here (it knows the project key, not the workspace's address):
 * resolve the workspace, then go to the recording; the dashboard asks for login as usual.
 */
export const GET = withProjectKey<{ sessionId: string }>(
  async ({ project, params }) => {
    const workspace = await getWorkspace(project.workspaceId);
    if (!workspace || !ID_PATTERN.test(params.sessionId)) throw noSuchLink();
    // A plain 307 (relative Location keeps the host the browser used); the wrapper would also let
    // next/navigation's redirect() through, but a Response is testable without Next's runtime.
    return new Response(null, {
      status: 307,
      headers: { location: `/${encodeURIComponent(workspace.slug)}/recordings/${params.sessionId}` },
    });
  },
  { refuse: noSuchLink },
);

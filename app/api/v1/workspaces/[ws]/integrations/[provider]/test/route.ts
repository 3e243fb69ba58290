import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { testIntegration } from "@/lib/integrations/settings";

type Params = { ws: string; provider: string };
const TESTABLE = ["github", "linear", "jira", "slack"] as const;

/** The settings page's "Test": one harmless call with the saved settings, and what came of it. */
export const POST = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const kind = TESTABLE.find((p) => p === params.provider);
    if (!kind) throw new ApiError("not_found", `Only ${TESTABLE.join(", ")} can be tested here.`);
    return Response.json({ ok: true, message: await testIntegration(workspace.id, { kind }) });
  },
  { permission: "integrations:manage" },
);

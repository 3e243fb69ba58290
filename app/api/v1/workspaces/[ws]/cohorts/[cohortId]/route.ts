import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { deleteCohort } from "@/lib/data/cohorts";

type Params = { ws: string; cohortId: string };

export const DELETE = withWorkspace<Params>(
  async ({ workspace, params }) => {
    if (!(await deleteCohort(workspace.id, params.cohortId))) {
      throw new ApiError("not_found", "No such cohort in this workspace.");
    }
    return Response.json({ ok: true });
  },
  { permission: "cohorts:write" },
);

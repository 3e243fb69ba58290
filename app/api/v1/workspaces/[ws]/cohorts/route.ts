import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import {
  cohortByName,
  cohortDefinition,
  cohortMembers,
  listCohorts,
  MAX_COHORTS,
  saveCohort,
} from "@/lib/data/cohorts";

/** Saved cohorts with how many persons each holds now. */
export const GET = withWorkspace(
  async ({ workspace }) => {
    const cohorts = await listCohorts(workspace.id);
    const counted = await Promise.all(
      cohorts.map(async (c) => {
        const { members, truncated } = await cohortMembers(workspace.id, c);
        return { ...c, persons: members.length, truncated };
      }),
    );
    return Response.json({ cohorts: counted });
  },
  { permission: "persons:read" },
);

/** Saves a cohort; its name is what `cohort:` in a search refers to, so it is unique. */
export const POST = withWorkspace(
  async ({ workspace, actor, request }) => {
    const def = await readJson(request, cohortDefinition);
    if (await cohortByName(workspace.id, def.name)) {
      throw new ApiError("conflict", `A cohort named "${def.name}" exists already.`);
    }
    if ((await listCohorts(workspace.id)).length >= MAX_COHORTS) {
      throw new ApiError("conflict", `A workspace holds at most ${MAX_COHORTS} cohorts.`);
    }
    return Response.json(
      { cohort: await saveCohort(workspace.id, def, { userId: actor.userId }) },
      { status: 201 },
    );
  },
  { permission: "cohorts:write" },
);

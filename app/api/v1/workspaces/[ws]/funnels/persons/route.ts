import { stepPersons } from "@/lib/analytics/funnel";
import { OTHER, runFunnel } from "@/lib/analytics/run-funnel";
import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { funnelPersonsBody } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { queryOf } from "@/lib/data/funnels";
import { sessionFacts } from "@/lib/data/sessions";

/**
 * The persons behind one bar — who converted at a step or dropped off before it — each with the
 * recording and the moment to open it at: the step they reached last.
 */
export const POST = withWorkspace(
  async ({ workspace, request }) => {
    const input = await readJson(request, funnelPersonsBody);
    if (input.step >= input.funnel.steps.length) {
      throw new ApiError("bad_request", "step: this funnel has no such step.");
    }
    if (input.outcome === "dropped" && input.step === 0) {
      throw new ApiError("bad_request", "step: nobody drops off before the first step.");
    }
    const { paths, result, breakdownOf } = await runFunnel(workspace.id, queryOf(input.funnel));
    let chosen = stepPersons(paths, input.step, input.outcome);
    if (input.breakdownValue !== undefined && breakdownOf) {
      const named = new Set(result.breakdown?.filter((b) => b.value !== OTHER).map((b) => b.value));
      const wanted = input.breakdownValue;
      chosen = chosen.filter((p) => {
        const v = breakdownOf.get(p.distinctId)!;
        return wanted === OTHER ? !named.has(v) : v === wanted;
      });
    }
    const shown = chosen.sort((a, b) => b.moment.at - a.moment.at).slice(0, input.limit);
    const sessions = await sessionFacts(workspace.id, [...new Set(shown.map((p) => p.moment.sessionId))]);
    const persons = shown.map((p) => {
      const session = sessions.get(p.moment.sessionId);
      return {
        distinctId: p.distinctId,
        reachedStep: p.reached,
        at: p.moment.at,
        sessionId: p.moment.sessionId,
        offsetMs: session ? Math.max(0, p.moment.at - session.startedAt) : 0,
      };
    });
    return Response.json({ persons, total: chosen.length });
  },
  { permission: "funnels:read" },
);

import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { purgeExpired } from "@/lib/retention/purge";

export const maxDuration = 60;

/**
 * "Purge now": deletes this workspace's expired recordings at once instead of at the next scheduled
 * run. Bounded like the job (it stops after its time budget and says so; the next run carries on),
 * and it shares the job's lock, so it never runs beside another purge.
 */
export const POST = withWorkspace(
  async ({ workspace, actor }) => {
    const result = await purgeExpired({ workspaceIds: [workspace.id], budgetMs: 20_000 });
    if (!result.ran) {
      return Response.json(
        { ok: false, running: true, message: "A purge is already running; try again in a minute." },
        { status: 202 },
      );
    }
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "retention.purged",
      target: "retention",
      detail: { sessions: result.sessions, bytes: result.bytes, complete: result.complete },
    });
    return Response.json({
      ok: true,
      sessions: result.sessions,
      bytes: result.bytes,
      complete: result.complete,
    });
  },
  { permission: "settings:write" },
);

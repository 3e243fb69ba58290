import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { recordingSettingsChange } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { getRecordingSettings, saveRecordingSettings } from "@/lib/data/settings";
import { forgetIngestCache } from "@/lib/ingest/ingest";

/** What the workspace records and how (the SDK's remote config is derived from it). */
export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ settings: await getRecordingSettings(workspace.id) }),
  { permission: "settings:read" },
);

/** Changes some settings; SDKs pick them up with the remote config within 60 s. */
export const PATCH = withWorkspace(
  async ({ workspace, actor, request }) => {
    const input = await readJson(request, recordingSettingsChange);
    if (Object.keys(input).length === 0) throw new ApiError("bad_request", "Nothing to change.");
    const next = { ...(await getRecordingSettings(workspace.id)), ...input };
    await saveRecordingSettings(workspace.id, next);
    forgetIngestCache(workspace.id);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "settings.updated",
      target: "recording",
      detail: input,
    });
    return Response.json({ settings: next });
  },
  { permission: "settings:write" },
);

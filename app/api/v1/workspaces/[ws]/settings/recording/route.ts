import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { regexCompiles } from "@/lib/api/regex-pattern";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { getRecordingSettings, recordingSettings, saveRecordingSettings } from "@/lib/data/settings";
import { forgetIngestCache } from "@/lib/ingest/ingest";

/** What the workspace records and how (the SDK's remote config is derived from it). */
export const GET = withWorkspace(
  async ({ workspace }) => Response.json({ settings: await getRecordingSettings(workspace.id) }),
  { permission: "settings:read" },
);

const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i;

/** Any part of the settings; nested groups (masking, console, network, thresholds) are sent whole. */
const change = recordingSettings
  .partial()
  .strict()
  .superRefine((input, ctx) => {
    for (const [i, origin] of (input.allowedOrigins ?? []).entries()) {
      if (!ORIGIN.test(origin)) {
        ctx.addIssue({
          code: "custom",
          path: ["allowedOrigins", i],
          message: `"${origin}" is not an origin such as https://shop.example or https://*.shop.example`,
        });
      }
    }
    for (const [i, pattern] of (input.masking?.blockUrls ?? []).entries()) {
      if (!regexCompiles(pattern)) {
        ctx.addIssue({
          code: "custom",
          path: ["masking", "blockUrls", i],
          message: `"${pattern}" is not a valid /regex/`,
        });
      }
    }
  });

/** Changes some settings; SDKs pick them up with the remote config within 60 s. */
export const PATCH = withWorkspace(
  async ({ workspace, actor, request }) => {
    const input = await readJson(request, change);
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

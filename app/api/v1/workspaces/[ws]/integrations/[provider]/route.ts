import { z } from "zod";
import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { publicView } from "@/lib/data/integrations";
import {
  REMOVABLE,
  removeFromSettings,
  SAVABLE,
  type Savable,
  saveFromBody,
} from "@/lib/integrations/settings";
import { requestOrigin } from "@/lib/request-origin";

type Params = { ws: string; provider: string };

function savable(provider: string): Savable {
  if ((SAVABLE as readonly string[]).includes(provider)) return provider as Savable;
  throw new ApiError("not_found", `No integration called "${provider}"; use one of ${SAVABLE.join(", ")}.`);
}

/** Connects or changes an integration. Secrets go in once and never come back out. */
export const PUT = withWorkspace<Params>(
  async ({ workspace, actor, request, params }) => {
    const provider = savable(params.provider);
    const body = await readJson(request, z.record(z.string(), z.unknown()));
    await saveFromBody(workspace.id, provider, body, actor.userId, requestOrigin(request.headers));
    await recordAudit(workspace.id, { actorId: actor.userId, action: "integration.saved", target: provider });
    const view = await publicView(workspace.id);
    return Response.json({ [provider]: view[provider] });
  },
  { permission: "integrations:manage" },
);

/** Disconnects an issue tracker or Slack (its stored secret is deleted). */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, params }) => {
    const provider = REMOVABLE.find((p) => p === params.provider);
    if (!provider) throw new ApiError("not_found", `Only ${REMOVABLE.join(", ")} can be disconnected here.`);
    await removeFromSettings(workspace.id, provider);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "integration.removed",
      target: provider,
    });
    return Response.json({ ok: true });
  },
  { permission: "integrations:manage" },
);

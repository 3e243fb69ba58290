import { readJson } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { playlistOr404 } from "@/lib/api/playlist";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { getSession } from "@/lib/data/sessions";
import { getSharingPolicy } from "@/lib/data/settings";
import { countShares, createShare, listShares, MAX_SHARES, shareEpoch, shareInput } from "@/lib/data/shares";
import { getUsers } from "@/lib/data/users";

/** Every working share link with its creator, expiry and views (never the token). */
export const GET = withWorkspace(
  async ({ workspace }) => {
    const shares = await listShares(workspace.id);
    const users = await getUsers([...new Set(shares.map((s) => s.createdBy))]);
    return Response.json({
      shares: shares.map(({ tokenDigest: _, ...s }) => ({
        ...s,
        creator: users.get(s.createdBy)?.name || users.get(s.createdBy)?.email || "a former member",
      })),
    });
  },
  { permission: "settings:read" },
);

/**
 * Creates a link to one recording (optionally at a moment) or a playlist. The token is in this
 * answer only; the workspace keeps its digest.
 */
export const POST = withWorkspace(
  async ({ workspace, actor, request }) => {
    const input = await readJson(request, shareInput);
    // The epoch first: if sharing is turned off after this, the link belongs to the epoch that ends.
    const epoch = await shareEpoch(workspace.id);
    const policy = await getSharingPolicy(workspace.id);
    if (!policy.enabled) {
      throw new ApiError(
        "forbidden",
        "Sharing outside the workspace is off; an admin can turn it on in Settings → Sharing.",
      );
    }
    if (input.expiry === "never" && !policy.allowNever) {
      throw new ApiError(
        "bad_request",
        "Links that never expire are not allowed here; choose 1, 7 or 30 days.",
      );
    }
    if (input.kind === "recording") {
      if (!(await getSession(workspace.id, input.targetId))) {
        throw new ApiError("not_found", "No such recording in this workspace.");
      }
    } else await playlistOr404(workspace.id, input.targetId);
    if ((await countShares(workspace.id)) >= MAX_SHARES) {
      throw new ApiError("conflict", `A workspace keeps at most ${MAX_SHARES} links; revoke some first.`);
    }
    const { share, token } = await createShare(workspace.id, input, actor.userId, Date.now(), epoch);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "share.created",
      target: `${share.kind} ${share.targetId}`,
      detail: { shareId: share.id, expiresAt: share.expiresAt, showPerson: share.showPerson },
    });
    const { tokenDigest: _, ...shown } = share;
    return Response.json({ share: shown, token, path: `/share/${token}` }, { status: 201 });
  },
  { permission: "shares:create" },
);

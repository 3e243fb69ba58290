import { recordingOr404 } from "@/lib/api/recording";
import { withWorkspace } from "@/lib/api/with-workspace";
import { recordAudit } from "@/lib/data/audit";
import { listComments } from "@/lib/data/comments";
import { chunkManifest, deleteSession, listSignals } from "@/lib/data/sessions";
import { listTags } from "@/lib/data/tags";

type Params = { ws: string; sessionId: string };

/** One recording: aggregates, signals, chunk manifest, tags and comments. */
export const GET = withWorkspace<Params>(
  async ({ workspace, params }) => {
    const session = await recordingOr404(workspace.id, params.sessionId);
    const [signals, chunks, tags, comments] = await Promise.all([
      listSignals(workspace.id, session.id),
      chunkManifest(workspace.id, session.id),
      listTags(workspace.id, session.id),
      listComments(workspace.id, session.id),
    ]);
    // The manifest is read after the session: a batch stored in between is in it, so the count
    // given with it is the manifest's, not the one read a moment before.
    return Response.json({
      session: { ...session, chunkCount: chunks.length },
      signals,
      chunks,
      tags,
      comments,
    });
  },
  { permission: "recordings:read" },
);

/** Deletes the recording: its chunks from blob storage and the session from every index. */
export const DELETE = withWorkspace<Params>(
  async ({ workspace, actor, params }) => {
    const session = await recordingOr404(workspace.id, params.sessionId);
    await deleteSession(workspace.id, session.id);
    await recordAudit(workspace.id, {
      actorId: actor.userId,
      action: "recording.deleted",
      target: session.id,
      detail: { distinctId: session.fields.distinctId, chunks: session.chunkCount },
    });
    return Response.json({ ok: true });
  },
  { permission: "recordings:delete" },
);

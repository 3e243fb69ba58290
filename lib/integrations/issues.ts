import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/data/audit";
import { getComment } from "@/lib/data/comments";
import { sessionTrails } from "@/lib/data/events";
import {
  type GithubConfig,
  ISSUE_PROVIDERS,
  type IssueProvider,
  integrationSecrets,
  type JiraConfig,
  type LinearConfig,
} from "@/lib/data/integrations";
import { countLinkedIssues, type LinkedIssue, linkIssue, MAX_LINKED_ISSUES } from "@/lib/data/linked-issues";
import { getSession } from "@/lib/data/sessions";
import { getSharingPolicy } from "@/lib/data/settings";
import { countShares, createShare, MAX_SHARES, shareEpoch } from "@/lib/data/shares";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { replayPath } from "@/lib/replay/links";
import { defaultIssueTitle, issueContent } from "./issue-content";
import { type CreatedIssue, createIssueWith, type NewIssue } from "./trackers";

/** Creating an issue from a recording at a moment (the player's "Create issue"), linked back to it. */

export const newIssueInput = z.object({
  provider: z.enum(ISSUE_PROVIDERS),
  title: z.string().trim().min(1, "give the issue a title").max(250).optional(),
  atMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600_000),
  commentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});
export type NewIssueInput = z.infer<typeof newIssueInput>;

/**
 * The link the issue carries: a share link opening at the moment when the workspace allows
 * sharing (the person stays hidden), else the dashboard's player at ?t=, which needs a login.
 */
async function recordingLink(
  ws: { id: string; slug: string },
  sessionId: string,
  atMs: number,
  userId: string,
  origin: string,
): Promise<string> {
  const epoch = await shareEpoch(ws.id);
  const policy = await getSharingPolicy(ws.id);
  if (policy.enabled && (await countShares(ws.id)) < MAX_SHARES) {
    const { share, token } = await createShare(
      ws.id,
      {
        kind: "recording",
        targetId: sessionId,
        atMs,
        expiry: policy.allowNever ? "never" : "30d",
        showPerson: false,
      },
      userId,
      Date.now(),
      epoch,
    );
    await recordAudit(ws.id, {
      actorId: userId,
      action: "share.created",
      target: `recording ${sessionId}`,
      detail: { shareId: share.id, expiresAt: share.expiresAt, showPerson: false, for: "issue" },
    });
    return `${origin}/share/${token}`;
  }
  return `${origin}${replayPath(ws.slug, sessionId, atMs)}`;
}

/** Absolute links use NEXTAUTH_URL when set (as emails do), else the address the request came to. */
export function appOrigin(requestOrigin: string): string {
  return (env().NEXTAUTH_URL ?? requestOrigin).replace(/\/+$/, "");
}

export async function createIssueFromRecording(args: {
  workspace: { id: string; slug: string };
  sessionId: string;
  input: NewIssueInput;
  user: { id: string; name: string };
  origin: string;
}): Promise<LinkedIssue> {
  const { workspace, sessionId, input, user } = args;
  const session = await getSession(workspace.id, sessionId);
  if (!session) throw new ApiError("not_found", "No such recording in this workspace.");
  const comment = input.commentId ? await getComment(workspace.id, sessionId, input.commentId) : null;
  if (input.commentId && !comment) throw new ApiError("not_found", "No such comment on this recording.");
  const secrets = await integrationSecrets(workspace.id);
  const config = secrets[input.provider];
  if (!config)
    throw new ApiError(
      "bad_request",
      `${label(input.provider)} is not set up; an admin can connect it in Settings → Integrations.`,
    );
  if ((await countLinkedIssues(workspace.id, sessionId)) >= MAX_LINKED_ISSUES) {
    throw new ApiError("conflict", `A recording links at most ${MAX_LINKED_ISSUES} issues.`);
  }
  const atMs = Math.min(input.atMs, session.durationMs);
  const trail = (await sessionTrails(workspace.id, [sessionId])).get(sessionId);
  const link = await recordingLink(workspace, sessionId, atMs, user.id, appOrigin(args.origin));
  const title = input.title ?? defaultIssueTitle(session, atMs);
  const content = issueContent(title, {
    session,
    atMs,
    errors: trail?.errors ?? [],
    link,
    comment: comment ? { author: comment.author, text: comment.text } : null,
  });
  const created = await createWith(input.provider, config, content);
  const linked: LinkedIssue = {
    id: newId("li"),
    provider: input.provider,
    key: created.key,
    url: created.url,
    title,
    atMs,
    commentId: input.commentId ?? null,
    createdBy: user.id,
    createdAt: Date.now(),
  };
  await linkIssue(workspace.id, sessionId, linked);
  return linked;
}

function createWith(provider: IssueProvider, config: unknown, content: NewIssue): Promise<CreatedIssue> {
  if (provider === "github") return createIssueWith.github(config as GithubConfig, content);
  if (provider === "linear") return createIssueWith.linear(config as LinearConfig, content);
  return createIssueWith.jira(config as JiraConfig, content);
}

export function label(provider: IssueProvider): string {
  return { github: "GitHub", linear: "Linear", jira: "Jira" }[provider];
}

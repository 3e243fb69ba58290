import { TtlCache } from "@/lib/cache";
import type { Comment } from "@/lib/data/comments";
import { type DeliveryEvent, enqueueDelivery, queueSessionCheck } from "@/lib/data/deliveries";
import { integrationSecrets, notificationsWanted } from "@/lib/data/integrations";
import { listMembers } from "@/lib/data/members";
import { replayPath } from "@/lib/replay/links";

/**
 * The cheap half of notifications, run inside requests: decide that something may be worth
 * announcing and queue it (lib/data/deliveries.ts). Sending is lib/integrations/dispatch.ts's.
 */

/** A recording is looked at this long after a batch, so a burst of batches makes one check. */
export const CHECK_DELAY_MS = 30_000;

const wanted = new TtlCache<boolean>(30_000, 5_000);
/** "<ws> <session>" → when the check this process queued is due (only checks it added itself). */
const queuedUntil = new Map<string, number>();
const MAX_REMEMBERED = 20_000;

/** Forget the cached answer (after an admin changes integrations). */
export function notificationsChanged(ws: string): void {
  wanted.delete(ws);
}

/**
 * Called by ingest after a batch is stored: one cached read, and one queue write only when the
 * workspace sends notifications. The check itself (playlists, first error click) runs later.
 */
export async function noteBatchStored(ws: string, sessionId: string, now = Date.now()): Promise<void> {
  if (!(await wanted.get(ws, () => notificationsWanted(ws)))) return;
  const queued = `${ws} ${sessionId}`;
  // A check this process queued is not due yet: it will see this batch too, no write needed.
  if ((queuedUntil.get(queued) ?? 0) > now) return;
  const dueAt = now + CHECK_DELAY_MS;
  if (!(await queueSessionCheck(ws, sessionId, dueAt))) return;
  if (queuedUntil.size >= MAX_REMEMBERED) {
    for (const [k, due] of queuedUntil) if (due <= now) queuedUntil.delete(k);
    if (queuedUntil.size >= MAX_REMEMBERED) queuedUntil.clear();
  }
  queuedUntil.set(queued, dueAt);
}

/** Queues one delivery of an event to every target (Slack, each webhook). */
export async function announce(
  ws: string,
  event: Exclude<DeliveryEvent, "test">,
  data: Record<string, unknown>,
  now = Date.now(),
): Promise<number> {
  const secrets = await integrationSecrets(ws);
  const targets = [
    ...(secrets.slack ? [{ kind: "slack" as const }] : []),
    ...secrets.webhooks.map((w) => ({ kind: "webhook" as const, webhookId: w.id })),
  ];
  for (const target of targets) await enqueueDelivery(ws, { target, event, payload: data }, now);
  return targets.length;
}

/** A link into the app for a notification, absolute when the app's address is known. */
export function appLink(origin: string | null, path: string): string {
  return `${origin ?? ""}${path}`;
}

/**
 * The members a comment mentions: "@" followed by a member's email, or by their name (any case,
 * ending at a space, punctuation or the end). The author mentioning themselves does not count.
 */
export function mentionedMembers<M extends { userId: string; email: string; name: string }>(
  text: string,
  members: M[],
  authorId: string,
): M[] {
  const lower = text.toLowerCase();
  const mentions = (handle: string) => {
    if (!handle) return false;
    const needle = `@${handle.toLowerCase()}`;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + 1)) {
      const next = lower[i + needle.length];
      if (next === undefined || !/[\p{L}\p{N}_@-]/u.test(next)) return true;
    }
    return false;
  };
  return members.filter((m) => m.userId !== authorId && (mentions(m.email) || mentions(m.name.trim())));
}

/** Called by the comment routes after a comment is saved: queues a "mention" when it names members. */
export async function noteComment(
  ws: { id: string; slug: string },
  sessionId: string,
  comment: Comment,
): Promise<number> {
  const secrets = await integrationSecrets(ws.id);
  if (!secrets.notifications.mentions || (!secrets.slack && secrets.webhooks.length === 0)) return 0;
  const mentioned = mentionedMembers(comment.text, await listMembers(ws.id), comment.userId);
  if (mentioned.length === 0) return 0;
  return announce(ws.id, "comment.mention", {
    workspace: ws.slug,
    sessionId,
    comment: { id: comment.id, author: comment.author, text: comment.text, atMs: comment.atMs },
    mentioned: mentioned.map((m) => ({ email: m.email, name: m.name })),
    url: appLink(secrets.origin, replayPath(ws.slug, sessionId, comment.atMs)),
  });
}

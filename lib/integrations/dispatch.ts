import { createHmac } from "node:crypto";
import { sessionSentence } from "@/components/recordings/session-sentence";
import {
  claimDue,
  type Delivery,
  type DueEntry,
  getDelivery,
  markNotified,
  saveDelivery,
  wasNotified,
} from "@/lib/data/deliveries";
import { type Integrations, integrationSecrets } from "@/lib/data/integrations";
import { getPlaylist } from "@/lib/data/playlists";
import { getSession } from "@/lib/data/sessions";
import { getWorkspace } from "@/lib/data/workspaces";
import { replayPath } from "@/lib/replay/links";
import { sessionMatches } from "@/lib/search/engine";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";
import { announce, appLink } from "./notify";
import { OutboundError, type OutboundResponse, outboundFetch, retryAfterMs } from "./outbound";

/**
 * The out-of-band half of notifications: takes what is due from the queue and sends it. Run by
 * the cron route (/api/cron/deliveries) and, on a long-lived server, by an in-process timer.
 *
 * A delivery is retried on 429 (after its Retry-After, when longer than the backoff), on 5xx and
 * when no answer came (timeout, refused), with exponential backoff: 30 s, 2 min, 8 min, 32 min,
 * then it is logged as failed. Any other 4xx, or an address the outbound guard refuses, fails
 * at once (retrying cannot help).
 */

export const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 30_000;
const MAX_WAIT_MS = 3600_000;

export function backoffMs(attempt: number): number {
  return Math.min(MAX_WAIT_MS, BASE_BACKOFF_MS * 4 ** (attempt - 1));
}

/** The signature header's value: HMAC-SHA256 over `<timestamp>.<body>` with the webhook's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export const SIGNATURE_HEADER = "rewind-signature";
export const TIMESTAMP_HEADER = "rewind-timestamp";

/** The JSON a webhook receives. */
export function webhookBody(
  ws: string,
  delivery: Pick<Delivery, "id" | "event" | "createdAt" | "payload">,
): string {
  return JSON.stringify({
    id: delivery.id,
    event: delivery.event,
    createdAt: new Date(delivery.createdAt).toISOString(),
    workspaceId: ws,
    data: delivery.payload,
  });
}

/** Slack's message for an event: one line of text with the link (Slack unfurls nothing private). */
export function slackText(event: Delivery["event"], p: Record<string, unknown>): string {
  const link = (url: unknown, text: string) => (url ? `<${url}|${text}>` : text);
  const esc = (t: unknown) =>
    String(t ?? "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  switch (event) {
    case "playlist.matched":
      return `New recording in playlist “${esc(p.playlistName)}”: ${link(p.url, "watch")} (${esc(p.summary)})`;
    case "recording.error_click":
      return `Error click in a recording: ${esc(p.error ?? "an error followed a click")} ${link(p.url, "watch")}`;
    case "comment.mention": {
      const who = (p.mentioned as { email: string }[] | undefined)?.map((m) => m.email).join(", ");
      const c = p.comment as { author?: string; text?: string } | undefined;
      return `${esc(c?.author)} mentioned ${esc(who)}: “${esc(c?.text)}” ${link(p.url, "watch")}`;
    }
    default:
      return "Rewind test notification: this Slack channel is connected.";
  }
}

/** One HTTP request of a delivery to its target (no retries here). */
export async function sendDelivery(
  ws: string,
  secrets: Integrations,
  delivery: Delivery,
  now = Date.now(),
): Promise<OutboundResponse> {
  if (delivery.target.kind === "slack") {
    if (!secrets.slack) throw new OutboundError("Slack is no longer connected.", "blocked");
    return outboundFetch(secrets.slack.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: slackText(delivery.event, delivery.payload) }),
    });
  }
  const { webhookId } = delivery.target;
  const hook = secrets.webhooks.find((w) => w.id === webhookId);
  if (!hook) throw new OutboundError("The webhook was removed.", "blocked");
  const body = webhookBody(ws, delivery);
  const timestamp = Math.floor(now / 1000);
  return outboundFetch(hook.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(hook.signingSecret, timestamp, body),
      "rewind-event": delivery.event,
      "rewind-delivery": delivery.id,
    },
    body,
  });
}

/** One attempt of a queued delivery, and what becomes of it (delivered, retried later, failed). */
async function attempt(ws: string, id: string, now: number): Promise<void> {
  const delivery = await getDelivery(ws, id);
  if (delivery?.status !== "pending") return;
  const secrets = await integrationSecrets(ws);
  delivery.attempts += 1;
  let retryable = false;
  let wait: number | null = null;
  try {
    const res = await sendDelivery(ws, secrets, delivery, now);
    delivery.lastStatus = res.status;
    if (res.status >= 200 && res.status < 300) {
      delivery.lastError = null;
      delivery.status = "delivered";
    } else {
      delivery.lastError = `Answered ${res.status}: ${res.text.slice(0, 200)}`;
      retryable = res.status === 429 || res.status >= 500;
      wait = retryAfterMs(res.headers, now);
    }
  } catch (error) {
    delivery.lastStatus = null;
    delivery.lastError = error instanceof Error ? error.message : String(error);
    retryable = !(error instanceof OutboundError && error.kind === "blocked");
  }
  if (delivery.status !== "delivered") {
    if (retryable && delivery.attempts < MAX_ATTEMPTS) {
      const delay = Math.min(MAX_WAIT_MS, Math.max(backoffMs(delivery.attempts), wait ?? 0));
      delivery.nextAttemptAt = now + delay;
    } else delivery.status = "failed";
  }
  if (delivery.status !== "pending") {
    delivery.nextAttemptAt = null;
    delivery.finishedAt = now;
  }
  await saveDelivery(ws, delivery);
}

/**
 * A recording that received batches: announce its first error click (the `errorclick` signal:
 * an exception within the workspace's error-click window after a click) and each watched
 * playlist it now matches, each once per recording.
 */
async function check(ws: string, sessionId: string, now: number): Promise<void> {
  const secrets = await integrationSecrets(ws);
  const rules = secrets.notifications;
  if (!secrets.slack && secrets.webhooks.length === 0) return;
  const [session, workspace, done] = await Promise.all([
    getSession(ws, sessionId),
    getWorkspace(ws),
    wasNotified(ws, sessionId),
  ]);
  if (!session || !workspace) return;
  const url = appLink(secrets.origin, replayPath(workspace.slug, sessionId, 0));
  const base = { workspace: workspace.slug, sessionId, person: session.fields.distinctId, url };
  if (rules.errorClicks && session.fields.errorclickCount > 0 && !done.has("errorclick")) {
    if (await markNotified(ws, sessionId, "errorclick")) {
      await announce(ws, "recording.error_click", { ...base, error: session.fields.firstError ?? null }, now);
    }
  }
  for (const playlistId of rules.playlistIds) {
    if (done.has(`playlist:${playlistId}`)) continue;
    const playlist = await getPlaylist(ws, playlistId);
    if (!playlist?.query) continue;
    let matched = false;
    try {
      matched = await sessionMatches(ws, sessionId, parseSearch(playlist.query, now));
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
    }
    if (matched && (await markNotified(ws, sessionId, `playlist:${playlistId}`))) {
      await announce(
        ws,
        "playlist.matched",
        {
          ...base,
          playlistId,
          playlistName: playlist.name,
          summary: sessionSentence(session.fields, session.durationMs),
        },
        now,
      );
    }
  }
}

async function run(entry: DueEntry, now: number): Promise<void> {
  if (entry.kind === "delivery") await attempt(entry.ws, entry.id, now);
  else await check(entry.ws, entry.sessionId, now);
}

/** Runs what is due until the queue is empty or the budget is spent; returns how many ran. */
export async function runDueDeliveries(
  now = Date.now(),
  options: { budgetMs?: number; batch?: number } = {},
): Promise<{ ran: number; failed: number }> {
  const started = Date.now();
  const budget = options.budgetMs ?? 30_000;
  let ran = 0;
  let failed = 0;
  while (Date.now() - started < budget) {
    const entries = await claimDue(now, options.batch ?? 10);
    if (entries.length === 0) break;
    const results = await Promise.allSettled(entries.map((e) => run(e, now)));
    for (const r of results) {
      ran++;
      if (r.status === "rejected") {
        failed++;
        console.error("[integrations] a queued notification failed to run", r.reason);
      }
    }
  }
  return { ran, failed };
}

const TICK_MS = 10_000;
let timer: ReturnType<typeof setInterval> | null = null;
let running = false;

/** Starts the in-process sender once per process (instrumentation calls it; not on Vercel). */
export function startDeliveryScheduler(enabled: boolean): void {
  if (timer || !enabled) return;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    runDueDeliveries(Date.now(), { budgetMs: 8_000 })
      .catch((error) => console.error("[integrations] delivery run failed; the next tick retries", error))
      .finally(() => {
        running = false;
      });
  }, TICK_MS);
  timer.unref?.();
}

import { ApiError } from "@/lib/api/errors";
import type { Delivery } from "@/lib/data/deliveries";
import {
  type GithubConfig,
  type IssueProvider,
  integrationInputs,
  integrationSecrets,
  type JiraConfig,
  type LinearConfig,
  removeIntegration,
  saveAppOrigin,
  saveIntegration,
  saveNotificationRules,
} from "@/lib/data/integrations";
import { newId } from "@/lib/ids";
import { sendDelivery } from "./dispatch";
import { appOrigin, label } from "./issues";
import { notificationsChanged } from "./notify";
import { OutboundError, outboundUrlProblem } from "./outbound";
import { testTracker } from "./trackers";

/** Saving, removing and testing a workspace's integrations (the settings routes' logic). */

export const SAVABLE = ["github", "linear", "jira", "slack", "notifications"] as const;
export type Savable = (typeof SAVABLE)[number];
export const REMOVABLE = ["github", "linear", "jira", "slack"] as const;

const SECRET_OF: Record<IssueProvider | "slack", string> = {
  github: "token",
  linear: "apiKey",
  jira: "apiToken",
  slack: "webhookUrl",
};

/** Refuses an address the outbound guard would refuse, when it is saved rather than when it is used. */
export function assertReachable(field: string, url: string): void {
  const problem = outboundUrlProblem(url);
  if (problem) throw new ApiError("bad_request", `${field} ${problem}.`);
}

/**
 * Saves one integration from the admin's body. A tracker's secret may be left out to keep the
 * stored one (changing only the repository, say); the body is checked in full either way.
 */
export async function saveFromBody(
  ws: string,
  provider: Savable,
  body: unknown,
  userId: string,
  requestOrigin: string,
): Promise<void> {
  if (provider === "notifications") {
    await saveNotificationRules(ws, integrationInputs.notifications.parse(body));
  } else {
    const given = { ...(body && typeof body === "object" ? body : {}) } as Record<string, unknown>;
    const secretField = SECRET_OF[provider];
    if (given[secretField] === undefined || given[secretField] === "") {
      const current = (await integrationSecrets(ws))[provider] as Record<string, unknown> | null;
      if (current) given[secretField] = current[secretField];
    }
    const config = integrationInputs[provider].strict().parse(given);
    if ("apiUrl" in config) assertReachable("apiUrl", config.apiUrl);
    if ("siteUrl" in config) assertReachable("siteUrl", config.siteUrl);
    if ("webhookUrl" in config) assertReachable("webhookUrl", config.webhookUrl);
    await saveIntegration(ws, provider, config, userId);
  }
  await saveAppOrigin(ws, appOrigin(requestOrigin));
  notificationsChanged(ws);
}

export async function removeFromSettings(ws: string, provider: (typeof REMOVABLE)[number]): Promise<void> {
  if (!(await removeIntegration(ws, provider))) {
    throw new ApiError("not_found", `${provider === "slack" ? "Slack" : label(provider)} is not connected.`);
  }
  notificationsChanged(ws);
}

/** The "Test" button: a harmless call with the saved settings; a message on success, ApiError otherwise. */
export async function testIntegration(
  ws: string,
  target: { kind: IssueProvider | "slack" } | { kind: "webhook"; webhookId: string },
): Promise<string> {
  const secrets = await integrationSecrets(ws);
  if (target.kind === "github" || target.kind === "linear" || target.kind === "jira") {
    const config = secrets[target.kind];
    if (!config) throw new ApiError("not_found", `${label(target.kind)} is not connected.`);
    return testTracker(target.kind, config as GithubConfig | LinearConfig | JiraConfig);
  }
  if (target.kind === "slack" && !secrets.slack) throw new ApiError("not_found", "Slack is not connected.");
  if (target.kind === "webhook" && !secrets.webhooks.some((w) => w.id === target.webhookId)) {
    throw new ApiError("not_found", "No such webhook in this workspace.");
  }
  const now = Date.now();
  const delivery: Delivery = {
    id: newId("dl"),
    target: "webhookId" in target ? { kind: "webhook", webhookId: target.webhookId } : { kind: "slack" },
    event: "test",
    payload: { message: "Rewind test delivery" },
    createdAt: now,
    attempts: 1,
    status: "pending",
    lastStatus: null,
    lastError: null,
    nextAttemptAt: null,
    finishedAt: null,
  };
  const name = target.kind === "slack" ? "Slack" : "The webhook";
  try {
    const res = await sendDelivery(ws, secrets, delivery, now);
    if (res.status >= 200 && res.status < 300) return `${name} accepted a test message (${res.status}).`;
    throw new ApiError(
      "bad_gateway",
      `${name} answered ${res.status}: ${res.text.slice(0, 200) || "no details"}`,
    );
  } catch (error) {
    if (error instanceof OutboundError)
      throw new ApiError("bad_gateway", `${name} could not be reached: ${error.message}`);
    throw error;
  }
}

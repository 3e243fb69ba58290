import { randomBytes } from "node:crypto";
import { z } from "zod";
import { seal, unseal } from "@/lib/auth/secret-box";
import { Invalid, NotFound } from "@/lib/errors/domain";
import { newId } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord } from "./json-hash";
import { parseOrCorrupt, skipCorrupt } from "./record";

/**
 * A workspace's integrations: where issues are created (GitHub, Linear, Jira) and where
 * notifications go (a Slack incoming webhook, generic HTTPS webhooks), and which notifications.
 * Tokens, webhook URLs that embed a secret (Slack's) and signing secrets are sealed with the
 * server's key (lib/auth/secret-box.ts) before they are stored, and nothing here hands them to a
 * caller except `integrationSecrets` (for the outbound calls themselves): what the settings API
 * shows is `publicView` — configured or not, and the last four characters.
 */

const key = (ws: string) => `{w:${ws}}:integrations`;
const PURPOSE = "integration-secret";

export const ISSUE_PROVIDERS = ["github", "linear", "jira"] as const;
export type IssueProvider = (typeof ISSUE_PROVIDERS)[number];
export const PROVIDERS = [...ISSUE_PROVIDERS, "slack", "webhooks", "notifications"] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export const MAX_WEBHOOKS = 10;

const secret = z.string().trim().min(8, "looks too short for a token").max(2000);
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an https:// address" }).max(2000);

/** What an admin sends to configure each integration (secrets in clear, once). */
export const integrationInputs = {
  github: z.object({
    repo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, "must be owner/repo, e.g. acme/webshop"),
    token: secret,
    /** GitHub Enterprise Server's API root; github.com's by default. */
    apiUrl: httpUrl.default("https://api.github.com"),
  }),
  linear: z.object({
    teamId: z.string().trim().min(1).max(100),
    apiKey: secret,
    apiUrl: httpUrl.default("https://api.linear.app/graphql"),
  }),
  jira: z.object({
    siteUrl: httpUrl,
    email: z.email().max(320),
    apiToken: secret,
    projectKey: z
      .string()
      .trim()
      .regex(/^[A-Z][A-Z0-9_]{0,19}$/, "must be a Jira project key such as WEB"),
    issueType: z.string().trim().min(1).max(60).default("Bug"),
  }),
  slack: z.object({ webhookUrl: httpUrl }),
  webhook: z.object({ url: httpUrl, name: z.string().trim().max(60).default("") }),
  notifications: z.object({
    /** Saved playlists whose new matching recordings are announced. */
    playlistIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).max(50),
    /** A recording's first error click (docs/INTEGRATIONS.md defines it). */
    errorClicks: z.boolean(),
    /** A comment that mentions a member (@email or @name). */
    mentions: z.boolean(),
  }),
};

export type GithubConfig = z.infer<typeof integrationInputs.github>;
export type LinearConfig = z.infer<typeof integrationInputs.linear>;
export type JiraConfig = z.infer<typeof integrationInputs.jira>;
export type SlackConfig = z.infer<typeof integrationInputs.slack>;
export type NotificationRules = z.infer<typeof integrationInputs.notifications>;

export interface Webhook {
  id: string;
  name: string;
  url: string;
  /** Signs each delivery's body (HMAC-SHA256); shown once when the webhook is added. */
  signingSecret: string;
  createdAt: number;
}

/** A webhook as stored: its URL and signing secret sealed (`sealed`), `signingSecret` left empty. */
const storedWebhooks = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    signingSecret: z.string(),
    createdAt: z.number(),
    sealed: z.string(),
  }),
);
type StoredWebhook = z.infer<typeof storedWebhooks>[number];

/** Which fields of each integration are secrets (sealed at rest, never shown again). */
const SECRET_FIELDS = {
  github: ["token"],
  linear: ["apiKey"],
  jira: ["apiToken"],
  slack: ["webhookUrl"],
} as const;

/** An integration as stored: its settings, each secret sealed beside a `<field>Hint`, and who saved it. */
const storedIntegration = z.looseObject({ updatedAt: z.number(), updatedBy: z.string() });
type Stored = z.infer<typeof storedIntegration>;

export interface Integrations {
  github: GithubConfig | null;
  linear: LinearConfig | null;
  jira: JiraConfig | null;
  slack: SlackConfig | null;
  webhooks: Webhook[];
  notifications: NotificationRules;
  /** Where the app was reached when an admin last saved an integration: the base of links sent out. */
  origin: string | null;
}

export const NO_NOTIFICATIONS: NotificationRules = { playlistIds: [], errorClicks: false, mentions: false };

const hint = (value: string) => `…${value.slice(-4)}`;

function sealFields(provider: keyof typeof SECRET_FIELDS, config: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...config };
  for (const field of SECRET_FIELDS[provider]) {
    const value = String(config[field]);
    out[field] = seal(PURPOSE, value);
    out[`${field}Hint`] = hint(value);
  }
  return out;
}

/** The integration's configuration with its secrets opened, parsed with the schema it was saved by. */
function openFields<T>(provider: keyof typeof SECRET_FIELDS, stored: Stored, schema: z.ZodType<T>): T | null {
  const out: Record<string, unknown> = { ...stored };
  for (const field of SECRET_FIELDS[provider]) {
    const sealed = stored[field];
    const opened = typeof sealed === "string" ? unseal(PURPOSE, sealed) : null;
    // Sealed under another server secret: as good as not configured (the admin enters it again).
    if (opened === null) return null;
    out[field] = opened;
  }
  // The input schema drops the hints and who saved it.
  return parseOrCorrupt(schema, `${provider} integration`, out);
}

async function readAll(ws: string): Promise<Record<string, string>> {
  return (await kv()).hgetall(key(ws));
}

const parse = (provider: string, raw: string | undefined) =>
  raw ? parseJsonRecord(storedIntegration, `${provider} integration`, raw) : null;

/** Saves an issue tracker or Slack (replacing what was there), sealing its secrets. */
export async function saveIntegration(
  ws: string,
  provider: IssueProvider | "slack",
  config: GithubConfig | LinearConfig | JiraConfig | SlackConfig,
  userId: string,
): Promise<void> {
  const stored = {
    ...sealFields(provider, config as Record<string, unknown>),
    updatedAt: Date.now(),
    updatedBy: userId,
  };
  await (await kv()).hset(key(ws), { [provider]: JSON.stringify(stored) });
}

export async function removeIntegration(ws: string, provider: IssueProvider | "slack"): Promise<boolean> {
  return (await (await kv()).hdel(key(ws), [provider])) > 0;
}

export async function saveNotificationRules(ws: string, rules: NotificationRules): Promise<void> {
  await (await kv()).hset(key(ws), {
    notifications: JSON.stringify(integrationInputs.notifications.parse(rules)),
  });
}

function readWebhooks(all: Record<string, string>): StoredWebhook[] {
  return all.webhooks ? parseJsonRecord(storedWebhooks, "webhooks", all.webhooks) : [];
}

/** Adds a webhook with a fresh signing secret; the secret is in this answer only. */
export async function addWebhook(
  ws: string,
  input: z.infer<typeof integrationInputs.webhook>,
): Promise<{ webhook: Webhook }> {
  const current = readWebhooks(await readAll(ws));
  if (current.length >= MAX_WEBHOOKS) {
    throw new Invalid(`A workspace has at most ${MAX_WEBHOOKS} webhooks; remove one first.`);
  }
  const signingSecret = `whsec_${randomBytes(24).toString("base64url")}`;
  const webhook: Webhook = {
    id: newId("wh"),
    name: input.name,
    url: input.url,
    signingSecret,
    createdAt: Date.now(),
  };
  const stored = [
    ...current,
    { ...webhook, url: seal(PURPOSE, webhook.url), signingSecret: "", sealed: seal(PURPOSE, signingSecret) },
  ];
  await (await kv()).hset(key(ws), { webhooks: JSON.stringify(stored) });
  return { webhook };
}

export async function removeWebhook(ws: string, id: string): Promise<void> {
  const current = readWebhooks(await readAll(ws));
  if (!current.some((w) => w.id === id)) throw new NotFound("No such webhook in this workspace.");
  await (await kv()).hset(key(ws), { webhooks: JSON.stringify(current.filter((w) => w.id !== id)) });
}

/** Everything with secrets opened: only for the outbound calls (lib/integrations). */
export async function integrationSecrets(ws: string): Promise<Integrations> {
  const all = await readAll(ws);
  const open = <T>(p: keyof typeof SECRET_FIELDS, schema: z.ZodType<T>) => {
    const stored = parse(p, all[p]);
    return stored ? openFields(p, stored, schema) : null;
  };
  const webhooks = readWebhooks(all).flatMap((w) => {
    const url = unseal(PURPOSE, w.url);
    const signingSecret = unseal(PURPOSE, w.sealed);
    return url && signingSecret
      ? [{ id: w.id, name: w.name, url, signingSecret, createdAt: w.createdAt }]
      : [];
  });
  return {
    github: open("github", integrationInputs.github),
    linear: open("linear", integrationInputs.linear),
    jira: open("jira", integrationInputs.jira),
    slack: open("slack", integrationInputs.slack),
    webhooks,
    notifications: notificationRulesOf(all),
    origin: all.origin ?? null,
  };
}

/** Remembers the app's address for links in notifications, which are sent outside any request. */
export async function saveAppOrigin(ws: string, origin: string): Promise<void> {
  await (await kv()).hset(key(ws), { origin });
}

function notificationRulesOf(all: Record<string, string>): NotificationRules {
  return all.notifications
    ? parseJsonRecord(integrationInputs.notifications, "notification rules", all.notifications)
    : NO_NOTIFICATIONS;
}

export async function notificationRules(ws: string): Promise<NotificationRules> {
  return notificationRulesOf(await readAll(ws));
}

/** Whether any notification has somewhere to go: ingest asks this (cached) before queueing checks. */
export async function notificationsWanted(ws: string): Promise<boolean> {
  const all = await readAll(ws);
  // Ingest asks this: an unreadable record means no notifications (logged), never a failed batch.
  const [wanted = false] = skipCorrupt(() => {
    const rules = notificationRulesOf(all);
    const targets = Boolean(all.slack) || readWebhooks(all).length > 0;
    return targets && (rules.errorClicks || rules.mentions || rules.playlistIds.length > 0);
  }, `integrations of ${ws}`);
  return wanted;
}

/** The issue trackers that are configured (no secrets): for the player's "Create issue". */
export async function configuredIssueProviders(ws: string): Promise<IssueProvider[]> {
  const all = await readAll(ws);
  return ISSUE_PROVIDERS.filter((p) => Boolean(all[p]));
}

export interface PublicIntegration {
  configured: boolean;
  /** Non-secret settings (repo, team, site, project) as saved. */
  settings: Record<string, string>;
  /** The last four characters of each secret, e.g. { token: "…a1b2" }. */
  hint: string | null;
  updatedAt: number | null;
}

/** What the settings API and page show: never a secret, only its last four characters. */
export async function publicView(ws: string): Promise<{
  github: PublicIntegration;
  linear: PublicIntegration;
  jira: PublicIntegration;
  slack: PublicIntegration;
  webhooks: { id: string; name: string; host: string; createdAt: number }[];
  notifications: NotificationRules;
}> {
  const all = await readAll(ws);
  const view = (p: keyof typeof SECRET_FIELDS): PublicIntegration => {
    const stored = parse(p, all[p]);
    if (!stored) return { configured: false, settings: {}, hint: null, updatedAt: null };
    const secretFields = new Set<string>(SECRET_FIELDS[p]);
    const settings: Record<string, string> = {};
    for (const [k, v] of Object.entries(stored)) {
      if (secretFields.has(k) || k.endsWith("Hint") || k === "updatedAt" || k === "updatedBy") continue;
      settings[k] = String(v);
    }
    const hints = SECRET_FIELDS[p].map((f) => String(stored[`${f}Hint`] ?? ""));
    return { configured: true, settings, hint: hints.join(" "), updatedAt: stored.updatedAt };
  };
  return {
    github: view("github"),
    linear: view("linear"),
    jira: view("jira"),
    slack: view("slack"),
    webhooks: readWebhooks(all).map((w) => {
      const url = unseal(PURPOSE, w.url);
      return {
        id: w.id,
        name: w.name,
        host: url ? new URL(url).host : "(sealed under another secret)",
        createdAt: w.createdAt,
      };
    }),
    notifications: notificationRulesOf(all),
  };
}

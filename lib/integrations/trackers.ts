import { ApiError } from "@/lib/api/errors";
import type { GithubConfig, IssueProvider, JiraConfig, LinearConfig } from "@/lib/data/integrations";
import { OutboundError, type OutboundResponse, outboundFetch, retryAfterMs } from "./outbound";

/**
 * Creating an issue in GitHub (REST), Linear (GraphQL) or Jira Cloud (REST v3), and checking that
 * a configuration works ("Test"). A person waits on these, so a 429 or 5xx is retried here, at
 * most twice and only when the wait asked for is short; otherwise the answer says what went
 * wrong in the provider's terms ("GitHub rejected the token").
 */

export interface NewIssue {
  title: string;
  /** Markdown (GitHub, Linear). */
  markdown: string;
  /** Atlassian Document Format (Jira). */
  adf: Record<string, unknown>;
}

export interface CreatedIssue {
  key: string;
  url: string;
}

const NAMES: Record<IssueProvider, string> = { github: "GitHub", linear: "Linear", jira: "Jira" };
const ATTEMPTS = 3;
/** The longest Retry-After a person is made to wait for; longer asks are reported instead. */
const MAX_INLINE_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One call with the retries above; throws ApiError("bad_gateway") naming the provider. */
async function call(
  provider: IssueProvider,
  url: string,
  init: Parameters<typeof outboundFetch>[1],
): Promise<OutboundResponse> {
  const name = NAMES[provider];
  for (let attempt = 1; ; attempt++) {
    let res: OutboundResponse;
    try {
      res = await outboundFetch(url, init);
    } catch (error) {
      if (error instanceof OutboundError && error.kind === "network" && attempt < ATTEMPTS) {
        await sleep(500 * attempt);
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new ApiError("bad_gateway", `${name} could not be reached: ${message}`);
    }
    if (res.status !== 429 && res.status < 500) return res;
    const wait = retryAfterMs(res.headers) ?? 500 * attempt;
    if (attempt < ATTEMPTS && wait <= MAX_INLINE_WAIT_MS) {
      await sleep(wait);
      continue;
    }
    if (res.status === 429) {
      const after = retryAfterMs(res.headers);
      throw new ApiError(
        "bad_gateway",
        `${name} is rate limiting Rewind (429)${after !== null ? `; try again in ${Math.ceil(after / 1000)} s` : "; try again shortly"}.`,
      );
    }
    throw new ApiError(
      "bad_gateway",
      `${name} failed (${res.status}) ${attempt} times in a row; try again later.`,
    );
  }
}

function rejected(provider: IssueProvider, res: OutboundResponse, what: string): ApiError {
  const name = NAMES[provider];
  if (res.status === 401)
    return new ApiError(
      "bad_gateway",
      `${name} rejected the ${what} (401). Check it in Settings → Integrations.`,
    );
  if (res.status === 403)
    return new ApiError(
      "bad_gateway",
      `${name} refused (403): the ${what} lacks the permission to create issues there.`,
    );
  if (res.status === 404)
    return new ApiError(
      "bad_gateway",
      `${name} found no such ${provider === "github" ? "repository" : "project"} (404), or the ${what} cannot see it.`,
    );
  return new ApiError(
    "bad_gateway",
    `${name} refused the issue (${res.status}): ${providerMessage(res.text)}`,
  );
}

/** The provider's own words from an error body, short. */
function providerMessage(text: string): string {
  try {
    const body = JSON.parse(text) as {
      message?: string;
      errors?: unknown;
      errorMessages?: string[];
    };
    const parts = [
      body.message,
      ...(body.errorMessages ?? []),
      ...(body.errors && typeof body.errors === "object"
        ? Object.values(body.errors).map((e) =>
            typeof e === "string" ? e : (e as { message?: string })?.message,
          )
        : []),
    ].filter((p): p is string => typeof p === "string" && p.length > 0);
    return (parts.join("; ") || text).slice(0, 300);
  } catch {
    return text.slice(0, 300) || "no details";
  }
}

const json = (body: unknown) => JSON.stringify(body);
const trimSlash = (u: string) => u.replace(/\/+$/, "");

function githubHeaders(config: GithubConfig): Record<string, string> {
  return {
    authorization: `Bearer ${config.token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    "content-type": "application/json",
  };
}

export async function createGithubIssue(config: GithubConfig, issue: NewIssue): Promise<CreatedIssue> {
  const res = await call("github", `${trimSlash(config.apiUrl)}/repos/${config.repo}/issues`, {
    method: "POST",
    headers: githubHeaders(config),
    body: json({ title: issue.title, body: issue.markdown }),
  });
  if (res.status !== 201 && res.status !== 200) throw rejected("github", res, "token");
  const body = JSON.parse(res.text) as { number?: number; html_url?: string };
  if (typeof body.number !== "number" || typeof body.html_url !== "string")
    throw new ApiError("bad_gateway", "GitHub answered without an issue number.");
  return { key: `#${body.number}`, url: body.html_url };
}

const LINEAR_CREATE = `mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { id identifier url } }
}`;

interface GraphQlAnswer<T> {
  data?: T;
  errors?: { message?: string; extensions?: { type?: string; code?: string } }[];
}

function linearFailure(res: OutboundResponse, answer: GraphQlAnswer<unknown> | null): ApiError {
  const first = answer?.errors?.[0];
  const auth =
    res.status === 401 ||
    /authenticat/i.test(
      `${first?.extensions?.type ?? ""} ${first?.extensions?.code ?? ""} ${first?.message ?? ""}`,
    );
  if (auth)
    return new ApiError(
      "bad_gateway",
      "Linear rejected the API key (401). Check it in Settings → Integrations.",
    );
  if (first?.message)
    return new ApiError("bad_gateway", `Linear refused the issue: ${first.message.slice(0, 300)}`);
  return rejected("linear", res, "API key");
}

async function linearQuery<T>(config: LinearConfig, query: string, variables: unknown): Promise<T> {
  const res = await call("linear", config.apiUrl, {
    method: "POST",
    headers: { authorization: config.apiKey, "content-type": "application/json" },
    body: json({ query, variables }),
  });
  let answer: GraphQlAnswer<T> | null = null;
  try {
    answer = JSON.parse(res.text) as GraphQlAnswer<T>;
  } catch {}
  if (res.status !== 200 || !answer?.data || answer.errors?.length) throw linearFailure(res, answer);
  return answer.data;
}

export async function createLinearIssue(config: LinearConfig, issue: NewIssue): Promise<CreatedIssue> {
  const data = await linearQuery<{
    issueCreate?: { success?: boolean; issue?: { identifier?: string; url?: string } };
  }>(config, LINEAR_CREATE, {
    input: { teamId: config.teamId, title: issue.title, description: issue.markdown },
  });
  const created = data.issueCreate?.issue;
  if (!data.issueCreate?.success || !created?.identifier || !created.url)
    throw new ApiError(
      "bad_gateway",
      "Linear did not create the issue (issueCreate answered success: false).",
    );
  return { key: created.identifier, url: created.url };
}

function jiraHeaders(config: JiraConfig): Record<string, string> {
  return {
    authorization: `Basic ${Buffer.from(`${config.email}:${config.apiToken}`).toString("base64")}`,
    accept: "application/json",
    "content-type": "application/json",
  };
}

export async function createJiraIssue(config: JiraConfig, issue: NewIssue): Promise<CreatedIssue> {
  const site = trimSlash(config.siteUrl);
  const res = await call("jira", `${site}/rest/api/3/issue`, {
    method: "POST",
    headers: jiraHeaders(config),
    body: json({
      fields: {
        project: { key: config.projectKey },
        issuetype: { name: config.issueType },
        summary: issue.title,
        description: issue.adf,
      },
    }),
  });
  if (res.status !== 201 && res.status !== 200) throw rejected("jira", res, "API token");
  const body = JSON.parse(res.text) as { key?: string };
  if (!body.key) throw new ApiError("bad_gateway", "Jira answered without an issue key.");
  return { key: body.key, url: `${site}/browse/${body.key}` };
}

/** A harmless read proving the configuration works; resolves with what was reached. */
export async function testTracker(
  provider: IssueProvider,
  config: GithubConfig | LinearConfig | JiraConfig,
): Promise<string> {
  if (provider === "github") {
    const c = config as GithubConfig;
    const res = await call("github", `${trimSlash(c.apiUrl)}/repos/${c.repo}`, { headers: githubHeaders(c) });
    if (res.status !== 200) throw rejected("github", res, "token");
    return `Reached ${c.repo} on GitHub.`;
  }
  if (provider === "linear") {
    const c = config as LinearConfig;
    const data = await linearQuery<{ team?: { name?: string } }>(
      c,
      "query Team($id: String!) { team(id: $id) { id name } }",
      { id: c.teamId },
    );
    return `Reached the Linear team ${data.team?.name ?? c.teamId}.`;
  }
  const c = config as JiraConfig;
  const res = await call("jira", `${trimSlash(c.siteUrl)}/rest/api/3/project/${c.projectKey}`, {
    headers: jiraHeaders(c),
  });
  if (res.status !== 200) throw rejected("jira", res, "API token");
  return `Reached the Jira project ${c.projectKey}.`;
}

export const createIssueWith = {
  github: createGithubIssue,
  linear: createLinearIssue,
  jira: createJiraIssue,
} as const;

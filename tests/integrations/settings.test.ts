import { afterAll, beforeAll, expect, test } from "vitest";
import { PUT as saveRoute } from "@/app/api/v1/workspaces/[ws]/integrations/[provider]/route";
import { POST as testRoute } from "@/app/api/v1/workspaces/[ws]/integrations/[provider]/test/route";
import { GET as deliveriesRoute } from "@/app/api/v1/workspaces/[ws]/integrations/deliveries/route";
import { GET as listRoute } from "@/app/api/v1/workspaces/[ws]/integrations/route";
import { POST as testWebhookRoute } from "@/app/api/v1/workspaces/[ws]/integrations/webhooks/[webhookId]/test/route";
import { POST as addWebhookRoute } from "@/app/api/v1/workspaces/[ws]/integrations/webhooks/route";
import { integrationSecrets } from "@/lib/data/integrations";
import { dumpKeys } from "../helpers/kv-dump";
import { useTempDataDir } from "../helpers/temp-data";
import { startGithubFake } from "./fakes/github";
import { startJiraFake } from "./fakes/jira";
import { startLinearFake } from "./fakes/linear";
import type { FakeApi } from "./fakes/server";
import { startSlackFake } from "./fakes/slack";
import { startWebhookFake } from "./fakes/webhook";
import { allowHosts, call, type Team, team } from "./helpers";

/** Integration settings: admin-only, secrets sealed at rest and never answered, a working "Test". */

const GITHUB_TOKEN = "ghp_settingsSecretToken0001";
const LINEAR_KEY = "lin_api_settingsSecret0002";
const JIRA_TOKEN = "ATATT3xFfGF0settingsSecret0003";
const SLACK_PATH = "/services/T000/B000/settingsSecret0004";
let t: Team;
let github: FakeApi;
let linear: FakeApi;
let jira: FakeApi;
let slack: FakeApi;
let hook: Awaited<ReturnType<typeof startWebhookFake>>;
let hookFake: FakeApi;

beforeAll(async () => {
  useTempDataDir();
  github = await startGithubFake({ token: GITHUB_TOKEN, repo: "acme/web" });
  linear = await startLinearFake({ apiKey: LINEAR_KEY, teamId: "team-1", teamKey: "ENG" });
  jira = await startJiraFake({ email: "ops@acme.test", apiToken: JIRA_TOKEN, projectKey: "WEB" });
  slack = await startSlackFake({ path: SLACK_PATH });
  hook = startWebhookFake();
  hookFake = await hook.fake;
  allowHosts(github.hostPort, linear.hostPort, jira.hostPort, slack.hostPort, hookFake.hostPort);
  t = await team("Settings Co");
});
afterAll(async () => {
  for (const f of [github, linear, jira, slack, hookFake]) await f.close();
});

const ws = () => ({ ws: t.ws.slug });
const save = (provider: string, body: unknown, key = t.adminKey) =>
  call(saveRoute, { ...ws(), provider }, { method: "PUT", body, key });

test("an admin connects GitHub, Linear, Jira and Slack; answers show only the last four characters", async () => {
  expect((await save("github", { repo: "acme/web", token: GITHUB_TOKEN, apiUrl: github.url })).status).toBe(
    200,
  );
  expect(
    (await save("linear", { teamId: "team-1", apiKey: LINEAR_KEY, apiUrl: `${linear.url}/graphql` })).status,
  ).toBe(200);
  const jiraSaved = await save("jira", {
    siteUrl: jira.url,
    email: "ops@acme.test",
    apiToken: JIRA_TOKEN,
    projectKey: "WEB",
  });
  expect(jiraSaved.status).toBe(200);
  expect(jiraSaved.body.jira).toMatchObject({
    configured: true,
    hint: "…0003",
    settings: { projectKey: "WEB" },
  });
  expect((await save("slack", { webhookUrl: `${slack.url}${SLACK_PATH}` })).status).toBe(200);
  const listed = await call(listRoute, ws(), { key: t.adminKey });
  expect(listed.status).toBe(200);
  expect(listed.body.github).toMatchObject({
    configured: true,
    hint: "…0001",
    settings: { repo: "acme/web" },
  });
  expect(listed.body.slack).toMatchObject({ configured: true, hint: "…0004" });
  for (const secret of [GITHUB_TOKEN, LINEAR_KEY, JIRA_TOKEN, SLACK_PATH, "settingsSecret"])
    expect(listed.text).not.toContain(secret);
});

test("secrets are sealed at rest: the store holds no token in clear", async () => {
  const dump = await dumpKeys(`{w:${t.ws.id}}:integrations`);
  expect(dump).toContain("v1.");
  for (const secret of [GITHUB_TOKEN, LINEAR_KEY, JIRA_TOKEN, "settingsSecret0004"])
    expect(dump).not.toContain(secret);
  expect((await integrationSecrets(t.ws.id)).github?.token).toBe(GITHUB_TOKEN);
});

test("a member cannot read, change or test integrations (403)", async () => {
  expect((await call(listRoute, ws(), { key: t.memberKey })).status).toBe(403);
  expect((await save("github", { repo: "evil/repo", token: "ghp_member_token_x" }, t.memberKey)).status).toBe(
    403,
  );
  expect(
    (await call(testRoute, { ...ws(), provider: "github" }, { method: "POST", key: t.memberKey })).status,
  ).toBe(403);
  expect((await call(deliveriesRoute, ws(), { key: t.memberKey })).status).toBe(403);
  expect((await integrationSecrets(t.ws.id)).github?.repo).toBe("acme/web");
});

test("changing the repository keeps the stored token when none is sent", async () => {
  expect((await save("github", { repo: "acme/shop", apiUrl: github.url })).status).toBe(200);
  expect((await integrationSecrets(t.ws.id)).github).toMatchObject({
    repo: "acme/shop",
    token: GITHUB_TOKEN,
  });
  expect((await save("github", { repo: "acme/web", apiUrl: github.url })).status).toBe(200);
});

test("bad settings are refused with what to fix", async () => {
  const bad = await save("github", { repo: "no-slash", token: GITHUB_TOKEN });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: "bad_request" });
  expect(String((bad.body.error as { message: string }).message)).toMatch(/owner\/repo/);
  const internal = await save("slack", { webhookUrl: "https://169.254.169.254/latest" });
  expect(internal.status).toBe(400);
  expect(JSON.stringify(internal.body)).toMatch(/private or local address/);
  const plain = await save("slack", { webhookUrl: "http://hooks.slack.com/services/x" });
  expect(plain.status).toBe(400);
  expect(
    (await call(saveRoute, { ...ws(), provider: "gitlab" }, { method: "PUT", body: {}, key: t.adminKey }))
      .status,
  ).toBe(404);
});

test("each tracker's Test reaches it with the saved settings", async () => {
  for (const [provider, said] of [
    ["github", /Reached acme\/web on GitHub/],
    ["linear", /Linear team Web/],
    ["jira", /Jira project WEB/],
    ["slack", /Slack accepted a test message/],
  ] as const) {
    const res = await call(testRoute, { ...ws(), provider }, { method: "POST", key: t.adminKey });
    expect(res.status, provider).toBe(200);
    expect(String(res.body.message)).toMatch(said);
  }
  expect(JSON.parse(slack.received.at(-1)!.body).text).toMatch(/test notification/);
});

test("a token the provider rejects: Test says so in plain words (502)", async () => {
  await save("github", { repo: "acme/web", token: "ghp_wrongToken9999", apiUrl: github.url });
  const res = await call(testRoute, { ...ws(), provider: "github" }, { method: "POST", key: t.adminKey });
  expect(res.status).toBe(502);
  expect(res.body.error).toMatchObject({
    code: "bad_gateway",
    message: expect.stringMatching(/GitHub rejected the token/),
  });
  await save("linear", { teamId: "team-1", apiKey: "lin_api_wrong_key_1", apiUrl: `${linear.url}/graphql` });
  const lin = await call(testRoute, { ...ws(), provider: "linear" }, { method: "POST", key: t.adminKey });
  expect(String((lin.body.error as { message: string }).message)).toMatch(/Linear rejected the API key/);
  await save("github", { repo: "acme/web", token: GITHUB_TOKEN, apiUrl: github.url });
});

test("a webhook's signing secret is shown once, and its test delivery is signed with it", async () => {
  const added = await call(addWebhookRoute, ws(), {
    method: "POST",
    body: { url: `${hookFake.url}/rewind`, name: "ops" },
    key: t.adminKey,
  });
  expect(added.status).toBe(201);
  const secret = String(added.body.signingSecret);
  expect(secret).toMatch(/^whsec_/);
  const webhookId = (added.body.webhook as { id: string }).id;
  const listed = await call(listRoute, ws(), { key: t.adminKey });
  expect(listed.text).not.toContain(secret);
  expect(listed.body.webhooks).toEqual([expect.objectContaining({ id: webhookId, host: hookFake.hostPort })]);
  // The receiver does not know the secret yet: it refuses the signature.
  const refused = await call(testWebhookRoute, { ...ws(), webhookId }, { method: "POST", key: t.adminKey });
  expect(refused.status).toBe(502);
  hook.useSecret(secret);
  const ok = await call(testWebhookRoute, { ...ws(), webhookId }, { method: "POST", key: t.adminKey });
  expect(ok.status).toBe(200);
  const sent = hookFake.received.at(-1)!;
  expect(sent.headers["rewind-event"]).toBe("test");
  expect(JSON.parse(sent.body)).toMatchObject({ event: "test", workspaceId: t.ws.id });
});

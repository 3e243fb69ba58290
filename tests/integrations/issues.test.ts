import { afterAll, beforeAll, expect, test } from "vitest";
import { PUT as saveRoute } from "@/app/api/v1/workspaces/[ws]/integrations/[provider]/route";
import { POST as commentRoute } from "@/app/api/v1/workspaces/[ws]/recordings/[sessionId]/comments/route";
import {
  POST as createRoute,
  GET as listIssuesRoute,
} from "@/app/api/v1/workspaces/[ws]/recordings/[sessionId]/issues/route";
import { deleteSession } from "@/lib/data/sessions";
import { saveSharingPolicy } from "@/lib/data/settings";
import { openShare } from "@/lib/shares/access";
import { dumpKeys } from "../helpers/kv-dump";
import { useTempDataDir } from "../helpers/temp-data";
import { startGithubFake } from "./fakes/github";
import { startJiraFake } from "./fakes/jira";
import { startLinearFake } from "./fakes/linear";
import { type FakeApi, json } from "./fakes/server";
import { allowHosts, call, recordCheckout, type Team, team } from "./helpers";

/** "Create issue" at a moment of a recording: what is sent to each tracker, the link back, and each error answer. */

const TOKEN = "ghp_issuesToken00000001";
let t: Team;
let github: FakeApi;
let linear: FakeApi;
let jira: FakeApi;
let sid: string;

beforeAll(async () => {
  useTempDataDir();
  github = await startGithubFake({ token: TOKEN, repo: "acme/web" });
  linear = await startLinearFake({ apiKey: "lin_api_issuesKey01", teamId: "team-1", teamKey: "ENG" });
  jira = await startJiraFake({ email: "ops@acme.test", apiToken: "jira-issues-token-1", projectKey: "WEB" });
  allowHosts(github.hostPort, linear.hostPort, jira.hostPort);
  t = await team("Issues Co");
  const save = (provider: string, body: unknown) =>
    call(saveRoute, { ws: t.ws.slug, provider }, { method: "PUT", body, key: t.adminKey });
  await save("github", { repo: "acme/web", token: TOKEN, apiUrl: github.url });
  await save("linear", { teamId: "team-1", apiKey: "lin_api_issuesKey01", apiUrl: `${linear.url}/graphql` });
  await save("jira", {
    siteUrl: jira.url,
    email: "ops@acme.test",
    apiToken: "jira-issues-token-1",
    projectKey: "WEB",
  });
  sid = await recordCheckout(t.projectKey);
});
afterAll(async () => {
  for (const f of [github, linear, jira]) await f.close();
});

const params = () => ({ ws: t.ws.slug, sessionId: sid });
const create = (body: unknown, key = t.memberKey) =>
  call(createRoute, params(), { method: "POST", body, key });

test("a member creates a GitHub issue at a moment: summary, person, browser, errors before it, dashboard link", async () => {
  const res = await create({ provider: "github", title: "Checkout broke", atMs: 10_000 });
  expect(res.status).toBe(201);
  expect(res.body.issue).toMatchObject({
    provider: "github",
    key: "#1",
    url: "https://github.com/acme/web/issues/1",
    atMs: 10_000,
  });
  const sent = json(github.received.at(-1)!) as { title: string; body: string };
  expect(sent.title).toBe("Checkout broke");
  expect(sent.body).toContain("alice@example.com");
  expect(sent.body).toMatch(/\*\*What happened:\*\* .*PaymentError|ReferenceError/);
  expect(sent.body).toContain("ReferenceError: cart is not defined");
  expect(sent.body).toContain("PaymentError: card declined");
  // Errors after the moment are not part of the report.
  expect(sent.body).not.toContain("LaterError");
  // Sharing is off: the link is the dashboard's player at that second.
  expect(sent.body).toMatch(new RegExp(`\\(https?://[^/]+/${t.ws.slug}/recordings/${sid}\\?t=10\\.0\\)`));
});

test("the created issue is linked on the recording", async () => {
  const res = await call(listIssuesRoute, params(), { key: t.memberKey });
  expect(res.status).toBe(200);
  expect(res.body.issues).toEqual([expect.objectContaining({ provider: "github", key: "#1" })]);
});

test("with sharing on, the issue carries a share link opening at that second, without the person", async () => {
  await saveSharingPolicy(t.ws.id, { enabled: true, allowNever: false });
  const res = await create({ provider: "github", atMs: 5_000 });
  expect(res.status).toBe(201);
  const body = (json(github.received.at(-1)!) as { body: string }).body;
  const token = /\(https?:\/\/[^/]+\/share\/(shr_[A-Za-z0-9_-]+)\)/.exec(body)?.[1];
  expect(token).toBeTruthy();
  const view = await openShare(token!);
  expect(view).toMatchObject({ share: { targetId: sid, atMs: 5_000, showPerson: false } });
  // The default title names the first error.
  expect((json(github.received.at(-1)!) as { title: string }).title).toMatch(
    /ReferenceError: cart is not defined/,
  );
  await saveSharingPolicy(t.ws.id, { enabled: false, allowNever: false });
});

test("Linear gets issueCreate with the team and a Markdown description", async () => {
  const res = await create({ provider: "linear", title: "Linear bug", atMs: 4_500 });
  expect(res.status).toBe(201);
  expect(res.body.issue).toMatchObject({ key: "ENG-1", url: "https://linear.app/acme/issue/ENG-1" });
  const sent = json(linear.received.at(-1)!) as {
    variables: { input: { teamId: string; description: string } };
  };
  expect(sent.variables.input.teamId).toBe("team-1");
  expect(sent.variables.input.description).toContain("PaymentError: card declined");
});

test("Jira gets an ADF description and the project key; the link is the browse URL", async () => {
  const res = await create({ provider: "jira", title: "Jira bug", atMs: 4_500 });
  expect(res.status).toBe(201);
  expect(res.body.issue).toMatchObject({ key: "WEB-1", url: `${jira.url}/browse/WEB-1` });
  const { fields } = json(jira.received.at(-1)!) as {
    fields: { description: { type: string; content: unknown[] }; issuetype: { name: string } };
  };
  expect(fields.description.type).toBe("doc");
  expect(fields.issuetype.name).toBe("Bug");
  expect(JSON.stringify(fields.description)).toContain("PaymentError: card declined");
});

test("from a comment: the comment's text goes into the issue", async () => {
  const comment = await call(commentRoute, params(), {
    method: "POST",
    body: { atMs: 4_000, text: "Clicked pay, nothing happened" },
    key: t.memberKey,
  });
  const commentId = (comment.body.comment as { id: string }).id;
  const res = await create({ provider: "github", atMs: 4_000, commentId });
  expect(res.status).toBe(201);
  expect(res.body.issue).toMatchObject({ commentId });
  expect((json(github.received.at(-1)!) as { body: string }).body).toContain(
    "> Clicked pay, nothing happened",
  );
});

test("a 429 with Retry-After is waited out and retried", async () => {
  github.failNext({
    status: 429,
    headers: { "retry-after": "1" },
    body: { message: "API rate limit exceeded" },
  });
  const before = github.received.length;
  const res = await create({ provider: "github", atMs: 1_000 });
  expect(res.status).toBe(201);
  const [first, second] = github.received.slice(before);
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
});

test("5xx is retried, then reported as the provider's failure (502)", async () => {
  github.failNext({ status: 502 }, { status: 503 }, { status: 500 });
  const before = github.received.length;
  const res = await create({ provider: "github", atMs: 1_000 });
  expect(res.status).toBe(502);
  expect(github.received.length - before).toBe(3);
  expect(res.body.error).toMatchObject({
    code: "bad_gateway",
    message: expect.stringMatching(/GitHub failed \(500\) 3 times/),
  });
});

test("a long Retry-After is not waited for: the person is told when to try again", async () => {
  github.failNext({ status: 429, headers: { "retry-after": "120" } });
  const res = await create({ provider: "github", atMs: 1_000 });
  expect(res.status).toBe(502);
  expect(String((res.body.error as { message: string }).message)).toMatch(
    /rate limiting Rewind \(429\); try again in 120 s/,
  );
});

test("a rejected token: 'GitHub rejected the token', and nothing is linked", async () => {
  github.failNext({ status: 401, body: { message: "Bad credentials" } });
  const linked = ((await call(listIssuesRoute, params(), { key: t.memberKey })).body.issues as unknown[])
    .length;
  const res = await create({ provider: "github", atMs: 1_000 });
  expect(res.status).toBe(502);
  expect(String((res.body.error as { message: string }).message)).toMatch(
    /GitHub rejected the token \(401\)/,
  );
  expect((await call(listIssuesRoute, params(), { key: t.memberKey })).body.issues).toHaveLength(linked);
});

test("bad requests: unknown provider, missing recording, a viewer-free key cannot reach another workspace", async () => {
  expect((await create({ provider: "gitlab", atMs: 0 })).status).toBe(400);
  expect((await create({ provider: "github", atMs: -1 })).status).toBe(400);
  expect((await create({ provider: "github", atMs: 0, extra: 1 })).status).toBe(400);
  const missing = await call(
    createRoute,
    { ws: t.ws.slug, sessionId: "nope" },
    {
      method: "POST",
      body: { provider: "github", atMs: 0 },
      key: t.memberKey,
    },
  );
  expect(missing.status).toBe(404);
  expect((await create({ provider: "github", atMs: 0, commentId: "c_missing" })).status).toBe(404);
});

test("deleting the recording deletes its links", async () => {
  await deleteSession(t.ws.id, sid);
  expect(await dumpKeys(`{w:${t.ws.id}}:s:${sid}:issues`)).not.toContain("github");
});

import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startGithubFake } from "../tests/integrations/fakes/github";
import type { FakeApi } from "../tests/integrations/fakes/server";
import { type RunningApp, startApp } from "./helpers/app";
import { launchChromium } from "./helpers/browser";
import { type HttpSession, projectKeyOf, signUp } from "./helpers/http";
import { ingestAll, longRecording } from "./helpers/long-recording";
import { shots } from "./helpers/stage";
import { logIn } from "./helpers/ui";

/**
 * Hand-off in the built app with Chromium: an admin connects GitHub (a local fake of its API),
 * a member of the team opens a recording, creates an issue at the playhead, and the issue's link
 * appears on the recording; the token never reaches a page or an API answer.
 */

const PASSWORD = "correct horse battery";
const TOKEN = "github_pat_e2eHandoffSecret00042";
let app: RunningApp;
let browser: Browser;
let github: FakeApi;
let owner: HttpSession;
let slug: string;
let sessionId: string;

beforeAll(async () => {
  github = await startGithubFake({ token: TOKEN, repo: "acme/web" });
  app = await startApp({ env: { REWIND_OUTBOUND_ALLOW_HOSTS: github.hostPort } });
  browser = await launchChromium();
  const signed = await signUp(app.url, {
    email: "lead@handoff.test",
    workspaceName: "Handoff Shop",
    password: PASSWORD,
  });
  owner = signed.session;
  slug = signed.workspace.slug;
  const long = longRecording({ start: Date.now() - 5 * 60_000, durationMs: 90_000, chunkEveryMs: 30_000 });
  sessionId = long.sessionId;
  await ingestAll(app.url, await projectKeyOf(owner, slug), long.batches);
  const saved = await owner.fetch(`/api/v1/workspaces/${slug}/integrations/github`, {
    method: "PUT",
    json: { repo: "acme/web", token: TOKEN, apiUrl: github.url },
  });
  expect(saved.status).toBe(200);
  expect(await saved.text()).not.toContain(TOKEN);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop({ removeData: true });
  await github?.close();
});

test("from the player, an issue is created in GitHub at the playhead and linked on the recording", async () => {
  const { context, page } = await logIn(browser, app.url, { email: "lead@handoff.test", password: PASSWORD });
  await page.goto(`${app.url}/${slug}/recordings/${sessionId}?t=42`);
  const button = page.getByTestId("create-issue");
  await expect.poll(() => button.textContent(), { timeout: 30_000 }).toMatch(/Create issue at 0:4\d/);
  await button.click();
  await page.getByLabel("Title").fill("Reader stuck on the article");
  await page.getByTestId("create-issue-submit").click();
  const link = page.getByTestId("linked-issue");
  await link.waitFor({ timeout: 20_000 });
  expect(await link.textContent()).toBe("GitHub #1");
  expect(await link.getAttribute("href")).toBe("https://github.com/acme/web/issues/1");
  await page.screenshot({ path: join(shots, "handoff-github-issue.png") });

  const sent = JSON.parse(github.received.at(-1)!.body) as { title: string; body: string };
  expect(sent.title).toBe("Reader stuck on the article");
  expect(sent.body).toMatch(new RegExp(`/${slug}/recordings/${sessionId}\\?t=4\\d\\.\\d`));

  // Linked on the recording: a fresh load shows it, and the API lists it.
  await page.reload();
  await page.getByTestId("linked-issue").waitFor();
  const listed = (await (
    await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sessionId}/issues`)
  ).json()) as {
    issues: { key: string }[];
  };
  expect(listed.issues.map((i) => i.key)).toEqual(["#1"]);

  // The token is in no page and no answer.
  expect(await page.content()).not.toContain(TOKEN);
  await page.goto(`${app.url}/${slug}/settings/integrations`);
  await page.getByTestId("github-state").waitFor();
  expect(await page.getByTestId("github-state").textContent()).toContain("…0042");
  expect(await page.content()).not.toContain(TOKEN);
  await page.screenshot({ path: join(shots, "handoff-integrations-settings.png"), fullPage: true });
  const api = await owner.fetch(`/api/v1/workspaces/${slug}/integrations`);
  expect(await api.text()).not.toContain(TOKEN);
  await context.close();
}, 120_000);

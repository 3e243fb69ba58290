import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningApp } from "./helpers/app";
import { HttpSession, signUp } from "./helpers/http";
import { ingestAll, longRecording } from "./helpers/long-recording";
import { inkShare } from "./helpers/pixels";
import { closeStage, openShop, shots } from "./helpers/stage";
import { logIn, playhead } from "./helpers/ui";

/**
 * The player on the built app in Chromium: a session recorded from /demo (the bench corpus) and a
 * synthetic two-hour one; the chunk route's authorization and gzip passthrough.
 */

const corpus = join(import.meta.dirname, "..", "bench", "fixtures", "corpus");
const PASSWORD = "correct horse battery";
let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let demoSession: string;
let longSession: { sessionId: string; chunks: number };

interface Manifest {
  session: { startedAt: number; endedAt: number; fields: Record<string, string> };
  signals: { kind: string; at: number }[];
  chunks: { id: string; firstTs: number }[];
}

const recording = async (sid: string) =>
  (await (await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${sid}`)).json()) as Manifest;

beforeAll(async () => {
  let key: string;
  ({
    app,
    browser,
    owner,
    slug,
    projectKey: key,
  } = await openShop({
    email: "watcher@player.test",
    workspaceName: "Player Shop",
    password: PASSWORD,
  }));
  // Two batches of one visit to /demo recorded in Chromium: home, checkout, a rage click, typing.
  const batches = ["001.bin", "002.bin"].map((f) => {
    const bytes = readFileSync(join(corpus, f));
    return JSON.parse((bytes[0] === 0x1f ? gunzipSync(bytes) : bytes).toString()) as Record<string, unknown>;
  });
  demoSession = batches[0]!.sessionId as string;
  // …and, in a third batch, four quick clicks on one spot: a rage click.
  const last = Math.max(...(batches[1]!.events as { timestamp: number }[]).map((e) => e.timestamp));
  batches.push({
    ...batches[1]!,
    batchId: randomUUID(),
    seq: 2,
    events: [0, 1, 2, 3].map((i) => ({
      type: 3,
      timestamp: last + 1000 + i * 120,
      data: { source: 2, type: 2, id: 1, x: 400, y: 300 },
    })),
  });
  await ingestAll(app.url, key, batches, 1);
  const long = longRecording({
    start: Date.now() - 3 * 3600_000,
    durationMs: 2 * 3600_000,
    chunkEveryMs: 20_000,
  });
  await ingestAll(app.url, key, long.batches);
  longSession = { sessionId: long.sessionId, chunks: long.batches.length };
}, 300_000);
afterAll(() => closeStage({ app, browser }));

const loggedIn = () => logIn(browser, app.url, { email: "watcher@player.test", password: PASSWORD });

async function frameInk(page: Page): Promise<number> {
  const frame = page.locator("[data-testid=player] iframe");
  await frame.waitFor();
  return inkShare(await frame.screenshot());
}

describe("the chunk route", () => {
  /** Raw bytes and headers, without the inflating fetch does. */
  const raw = (path: string, cookie: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      get(`${app.url}${path}`, { headers: { cookie, "accept-encoding": "gzip" } }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }),
        );
      }).on("error", reject);
    });

  test("streams the stored gzip as is, as Content-Encoding: gzip", async () => {
    const { chunks } = await recording(demoSession);
    const path = `/api/v1/workspaces/${slug}/recordings/${demoSession}/chunks/${chunks[0]!.id}`;
    const res = await raw(path, owner.cookieHeader());
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    const stored = findBlob(`${demoSession}/${chunks[0]!.id}.json.gz`);
    expect(res.body.equals(stored)).toBe(true);
    expect(JSON.parse(gunzipSync(res.body).toString()).sessionId).toBe(demoSession);
  });

  test("errors are gzip too, so clients can read them", async () => {
    const res = await raw(
      `/api/v1/workspaces/${slug}/recordings/${demoSession}/chunks/1-nope`,
      owner.cookieHeader(),
    );
    expect(res.status).toBe(404);
    expect(JSON.parse(gunzipSync(res.body).toString()).error.code).toBe("not_found");
  });

  test("authorization per role and workspace; ids validated", async () => {
    const { chunks } = await recording(demoSession);
    const chunk = chunks[0]!.id;
    const path = (sid: string, id: string) => `/api/v1/workspaces/${slug}/recordings/${sid}/chunks/${id}`;
    const invite = (await (
      await owner.fetch(`/api/v1/workspaces/${slug}/invites`, {
        json: { email: "viewer@player.test", role: "viewer" },
      })
    ).json()) as { url: string };
    const viewer = (
      await signUp(app.url, { email: "viewer@player.test", inviteToken: invite.url.split("/invite/")[1] })
    ).session;
    const outsider = await signUp(app.url, { email: "outsider@player.test", workspaceName: "Elsewhere" });
    expect((await viewer.fetch(path(demoSession, chunk))).status).toBe(200);
    expect((await new HttpSession(app.url).fetch(path(demoSession, chunk))).status).toBe(401);
    expect((await outsider.session.fetch(path(demoSession, chunk))).status).toBe(404);
    // The outsider's own workspace does not reach this workspace's session either.
    const foreign = `/api/v1/workspaces/${outsider.workspace.slug}/recordings/${demoSession}/chunks/${chunk}`;
    expect((await outsider.session.fetch(foreign)).status).toBe(404);
    // A chunk of another session, traversal attempts and junk ids: 404, never a file.
    expect((await owner.fetch(path(longSession.sessionId, chunk))).status).toBe(404);
    for (const id of ["..%2F..%2F..%2Fetc%2Fpasswd", "0", `${chunk}.json.gz`, "1-a%2Fb", "1-..", "%00"]) {
      expect((await owner.fetch(path(demoSession, id))).status, id).toBe(404);
    }
    // A literal ".." segment is resolved by the URL itself: the request reaches the recording's own
    // route (its manifest, which the owner may read) or a redirect — never a chunk or a file.
    const dots = await owner.fetch(path(demoSession, "%2e%2e"));
    expect([200, 308, 404]).toContain(dots.status);
    if (dots.status === 200) expect(Object.keys((await dots.json()) as object)).toContain("session");
    expect((await owner.fetch(path("..%2Fx", chunk))).status).toBe(404);
  });
});

function findBlob(suffix: string): Buffer {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
    );
  const file = walk(join(app.dataDir, "blobs")).find((f) => f.endsWith(suffix));
  if (!file) throw new Error(`no stored blob ends with ${suffix}`);
  return readFileSync(file);
}

test("watch a recording: first frame, markers, speed, comments, DOM inspect, panels", async () => {
  const { context, page } = await loggedIn();
  const manifest = await recording(demoSession);
  const origin = manifest.chunks[0]!.firstTs;

  // The list shows it unwatched, then watched after opening it.
  await page.goto(`${app.url}/${slug}/recordings`);
  const row = page.locator(`[data-session-id="${demoSession}"]`);
  await expect(row.locator("[data-watched]").getAttribute("data-watched")).resolves.toBe("no");
  await row.locator("[data-row-link]").click();
  await page.waitForURL(new RegExp(`/recordings/${demoSession}`));
  await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  expect(await frameInk(page)).toBeGreaterThan(0.01);
  await expect(page.getByTestId("health").textContent()).resolves.toMatch(/^complete · 3 chunks · no gaps/);
  await page.screenshot({ path: join(shots, "player-timeline.png") });

  // A rage-click marker seeks 2 s before the signal.
  const rage = manifest.signals.find((s) => s.kind === "rage");
  expect(rage).toBeTruthy();
  await page.locator("[data-marker=signal][data-signal=rage]").first().click();
  await expect.poll(() => playhead(page)).toBeGreaterThan(rage!.at - origin - 2000 - 150);
  expect(await playhead(page)).toBeLessThan(rage!.at - origin - 2000 + 150);
  // A side-list row lands on its own moment and is the one marked.
  await page.locator("[data-tab=timeline]").click();
  const rageRow = page.locator("[data-kind=signal][data-signal=rage]").first();
  await rageRow.click();
  await expect.poll(() => playhead(page)).toBeGreaterThan(rage!.at - origin - 150);
  expect(await playhead(page)).toBeLessThan(rage!.at - origin + 150);
  await expect.poll(() => rageRow.getAttribute("aria-current")).toBe("true");

  // A comment at a moment, still there after a reload, with its marker.
  await page.getByTestId("scrubber").click({ position: { x: 40, y: 4 } });
  const at = await playhead(page);
  await page.locator("[data-tab=comments]").click();
  await page.getByLabel(/Comment at/).fill("The total jumps here");
  await page.getByRole("button", { name: "Add comment" }).click();
  await page.getByTestId("comment-text").filter({ hasText: "The total jumps here" }).waitFor();
  await page.screenshot({ path: join(shots, "player-comments.png") });
  // The replay iframe's recorded resources can hold the page's load event on a busy box.
  await page.reload({ waitUntil: "commit" });
  await page.locator("[data-status=ready]").waitFor();
  await page.locator("[data-tab=comments]").click();
  await page.getByTestId("comment-text").filter({ hasText: "The total jumps here" }).waitFor();
  const marker = page.locator("[data-marker=comment]");
  expect(Math.abs(Number(await marker.getAttribute("data-at")) - at)).toBeLessThan(1500);

  // Inspect the DOM after the typing: the input's value is still masked.
  const lastInput = manifest.session.endedAt - origin;
  await page.getByTestId("scrubber").click({ position: { x: 0, y: 4 } });
  await page.keyboard.press("End");
  await page.getByTestId("scrubber").focus();
  await page.keyboard.press("End");
  await expect.poll(() => playhead(page)).toBeGreaterThan(lastInput - 1000);
  await page.locator("[data-tab=inspect]").click();
  await page.getByLabel("Expand all").check();
  const values = await page
    .locator(
      "[data-testid=dom-tree] [data-tag=input] > button [data-attr=value], [data-testid=dom-tree] [data-tag=input] > [data-attr=value]",
    )
    .allTextContents();
  const typed = values.map((v) => v.replace(/^\s*value="|"$/g, "")).filter((v) => v.length > 0);
  expect(typed.length).toBeGreaterThan(0);
  // rrweb masks character by character and keeps spaces.
  for (const v of typed) expect(v).toMatch(/^\*[* ]*$/);
  await page.screenshot({ path: join(shots, "player-inspect.png") });

  for (const tab of ["console", "network", "session"]) {
    await page.locator(`[data-tab=${tab}]`).click();
    await page.screenshot({ path: join(shots, `player-${tab}.png`) });
  }
  await expect(page.getByTestId("console-empty").count()).resolves.toBe(0);
  await page.locator("[data-tab=network]").click();
  await page.getByTestId("network-empty").waitFor();

  await page.goto(`${app.url}/${slug}/recordings`);
  await expect(row.locator("[data-watched]").getAttribute("data-watched")).resolves.toBe("yes");
  await context.close();
}, 180_000);

test("a two-hour recording shows its first frame before its last chunk is fetched, and skips idle", async () => {
  const { context, page } = await loggedIn();
  const manifest = await recording(longSession.sessionId);
  expect(manifest.chunks).toHaveLength(longSession.chunks);
  const lastChunk = manifest.chunks.at(-1)!.id;
  const requested = new Map<string, number>();
  page.on("request", (r) => {
    const m = /\/chunks\/([^/?]+)/.exec(r.url());
    if (m) requested.set(m[1]!, Date.now());
    // A range request (`chunks?from=&to=`) asks for every chunk starting in it.
    const range = /\/chunks\?from=(\d+)&to=(\d+)/.exec(r.url());
    if (range)
      for (const c of manifest.chunks)
        if (c.firstTs >= Number(range[1]) && c.firstTs <= Number(range[2])) requested.set(c.id, Date.now());
  });
  await page.goto(`${app.url}/${slug}/recordings/${longSession.sessionId}`, { waitUntil: "commit" });
  const stage = page.locator("[data-status=ready]");
  await stage.waitFor({ timeout: 60_000 });
  const firstFrameAt = Number(await stage.getAttribute("data-first-frame-at"));
  expect(await frameInk(page)).toBeGreaterThan(0.05);
  await expect.poll(() => requested.has(lastChunk), { timeout: 60_000 }).toBe(true);
  expect(requested.get(lastChunk)!).toBeGreaterThan(firstFrameAt);
  await page.screenshot({ path: join(shots, "player-long.png") });

  // From the start, idle stretches (20 s between chunks) are skipped: the notice shows, time runs fast.
  await page.getByTestId("scrubber").focus();
  await page.keyboard.press("Home");
  await page.getByTestId("play").click();
  await page.getByTestId("skipping").waitFor({ timeout: 10_000 });
  await expect(page.getByTestId("skipping").textContent()).resolves.toMatch(/^Skipping \d+ s idle$/);
  await page.waitForTimeout(2000);
  await page.getByTestId("play").click();
  // Real time would be about 2.5 s; rrweb skips a 20 s stretch at 4×.
  expect(await playhead(page)).toBeGreaterThan(6000);
  await page.screenshot({ path: join(shots, "player-skipping.png") });

  // Speed: at 8×, without skipping, the playhead moves several seconds per second.
  await page.getByTestId("skip-inactive").uncheck();
  await page.getByTestId("speed").selectOption("8");
  const before = await playhead(page);
  await page.getByTestId("play").click();
  await page.waitForTimeout(1000);
  await page.getByTestId("play").click();
  expect((await playhead(page)) - before).toBeGreaterThan(3000);

  // Seek to the middle: the replay shows minute 60 or so.
  await page.getByTestId("scrubber").click();
  await expect.poll(() => playhead(page)).toBeGreaterThan(55 * 60_000);
  await page.waitForTimeout(500);
  const minute = await page.frameLocator("[data-testid=player] iframe").locator("#clock").textContent();
  expect(Number(/minute (\d+)/.exec(minute ?? "")?.[1])).toBeGreaterThanOrEqual(55);

  // ?t= starts there.
  await page.goto(`${app.url}/${slug}/recordings/${longSession.sessionId}?t=5400`, { waitUntil: "commit" });
  await page.locator("[data-status=ready]").waitFor({ timeout: 60_000 });
  expect(Math.abs((await playhead(page)) - 5_400_000)).toBeLessThan(1000);
  await context.close();
}, 240_000);

test("an admin deletes a recording; it is gone from the list and the API", async () => {
  const { context, page } = await loggedIn();
  const victim = longRecording({ start: Date.now() - 600_000, durationMs: 60_000, chunkEveryMs: 20_000 });
  const keys = (await (await owner.fetch(`/api/v1/workspaces/${slug}/keys`)).json()) as {
    projectKey: { current: string };
  };
  await ingestAll(app.url, keys.projectKey.current, victim.batches);
  await page.goto(`${app.url}/${slug}/recordings/${victim.sessionId}`, { waitUntil: "commit" });
  await page.locator("[data-tab=session]").click();
  await page.getByRole("button", { name: "Delete recording…" }).click();
  await page.getByRole("button", { name: "Delete recording", exact: true }).click();
  await page.waitForURL(new RegExp(`/${slug}/recordings$`));
  expect(await page.locator(`[data-session-id="${victim.sessionId}"]`).count()).toBe(0);
  expect((await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${victim.sessionId}`)).status).toBe(404);
  const audit = (await (await owner.fetch(`/api/v1/workspaces/${slug}/audit`)).json()) as {
    entries: { action: string; target?: string }[];
  };
  expect(audit.entries.some((e) => e.action === "recording.deleted" && e.target === victim.sessionId)).toBe(
    true,
  );
  await context.close();
}, 120_000);

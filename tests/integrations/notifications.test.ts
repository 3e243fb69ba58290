import { createHmac } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PUT as saveRoute } from "@/app/api/v1/workspaces/[ws]/integrations/[provider]/route";
import { GET as deliveriesRoute } from "@/app/api/v1/workspaces/[ws]/integrations/deliveries/route";
import { POST as addWebhookRoute } from "@/app/api/v1/workspaces/[ws]/integrations/webhooks/route";
import { POST as commentRoute } from "@/app/api/v1/workspaces/[ws]/recordings/[sessionId]/comments/route";
import { type Delivery, queueSessionCheck } from "@/lib/data/deliveries";
import { savePlaylist } from "@/lib/data/playlists";
import { MAX_ATTEMPTS, runDueDeliveries } from "@/lib/integrations/dispatch";
import { announce, CHECK_DELAY_MS, mentionedMembers } from "@/lib/integrations/notify";
import { batch, click, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";
import { type FakeApi, json } from "./fakes/server";
import { startSlackFake } from "./fakes/slack";
import { startWebhookFake } from "./fakes/webhook";
import { allowHosts, call, recordCheckout, type Team, team } from "./helpers";

/**
 * Notifications: queued by ingest and comments, sent out of band to Slack and signed webhooks,
 * once per recording and rule, retried on 429 (after Retry-After) and 5xx, logged.
 */

const SLACK_PATH = "/services/T1/B1/notifySecret";
let t: Team;
let slack: FakeApi;
let hookFake: FakeApi;
let secret: string;
let playlistId: string;

const events = (f: FakeApi) =>
  f.received.map((r) => (json(r) as { event?: string; text?: string }).event ?? json(r).text);

beforeAll(async () => {
  useTempDataDir();
  slack = await startSlackFake({ path: SLACK_PATH });
  const hook = startWebhookFake();
  hookFake = await hook.fake;
  allowHosts(slack.hostPort, hookFake.hostPort);
  t = await team("Notify Co");
  playlistId = (
    await savePlaylist(
      t.ws.id,
      { name: "Checkout errors", description: "", query: "has:errors", sort: "recent" },
      { userId: t.adminId },
    )
  ).id;
  const put = (provider: string, body: unknown) =>
    call(saveRoute, { ws: t.ws.slug, provider }, { method: "PUT", body, key: t.adminKey });
  expect((await put("slack", { webhookUrl: `${slack.url}${SLACK_PATH}` })).status).toBe(200);
  const added = await call(
    addWebhookRoute,
    { ws: t.ws.slug },
    { method: "POST", body: { url: `${hookFake.url}/in` }, key: t.adminKey },
  );
  secret = String(added.body.signingSecret);
  hook.useSecret(secret);
  expect(
    (await put("notifications", { playlistIds: [playlistId], errorClicks: true, mentions: true })).status,
  ).toBe(200);
});
afterAll(async () => {
  await slack.close();
  await hookFake.close();
});

const log = async () =>
  (await call(deliveriesRoute, { ws: t.ws.slug }, { key: t.adminKey })).body.deliveries as Delivery[];

test("ingest only queues: nothing is sent until the queue runs, then the error click and the playlist match go out", async () => {
  const sid = await recordCheckout(t.projectKey);
  expect(slack.received).toHaveLength(0);
  // Not due yet: the check waits for the burst of batches to pass.
  expect((await runDueDeliveries(Date.now())).ran).toBe(0);
  await runDueDeliveries(Date.now() + CHECK_DELAY_MS + 1000);
  expect(events(hookFake).sort()).toEqual(["playlist.matched", "recording.error_click"]);
  const texts = slack.received.map((r) => String(json(r).text));
  expect(
    texts.some((x) => /Error click in a recording: PaymentError: card declined|ReferenceError/.test(x)),
  ).toBe(true);
  expect(texts.some((x) => x.includes("New recording in playlist “Checkout errors”"))).toBe(true);
  const matched = hookFake.received.map((r) => json(r)).find((b) => b.event === "playlist.matched") as {
    data: { sessionId: string; playlistId: string; url: string };
  };
  expect(matched.data).toMatchObject({ sessionId: sid, playlistId });
  expect(matched.data.url).toContain(`/${t.ws.slug}/recordings/${sid}`);
  expect((await log()).filter((d) => d.status === "delivered")).toHaveLength(4);

  // More batches of the same recording: each rule announces a recording once.
  await ingestBatch(
    t.projectKey,
    batch([click(T0 + 30_000)], { sessionId: sid, distinctId: "alice@example.com", seq: 1 }),
  );
  // (This process remembers its check is queued; once that one ran, the next batch queues another.)
  expect(await queueSessionCheck(t.ws.id, sid, Date.now())).toBe(true);
  expect((await runDueDeliveries(Date.now() + 2 * CHECK_DELAY_MS)).ran).toBeGreaterThanOrEqual(1);
  expect(hookFake.received).toHaveLength(2);
});

test("webhook bodies are signed over timestamp.body with the signing secret", async () => {
  const sent = hookFake.received[0]!;
  const ts = String(sent.headers["rewind-timestamp"]);
  expect(sent.headers["rewind-signature"]).toBe(
    `v1=${createHmac("sha256", secret).update(`${ts}.${sent.body}`).digest("hex")}`,
  );
  expect(Math.abs(Number(ts) * 1000 - Date.now())).toBeLessThan(10 * 60_000);
  expect(sent.headers["rewind-delivery"]).toMatch(/^dl_/);
});

test("a comment mentioning a member by @name or @email notifies; mentioning yourself does not", async () => {
  const sid = await recordCheckout(t.projectKey, "bob@example.com");
  const before = hookFake.received.length;
  const say = (text: string, key: string) =>
    call(
      commentRoute,
      { ws: t.ws.slug, sessionId: sid },
      { method: "POST", body: { atMs: 1000, text }, key },
    );
  await say("@Max Member can you look at this?", t.adminKey);
  await say("note to self @Ada Admin", t.adminKey);
  await runDueDeliveries(Date.now());
  const mentions = hookFake.received
    .slice(before)
    .map((r) => json(r))
    .filter((b) => b.event === "comment.mention") as {
    data: { mentioned: { name: string }[]; comment: { text: string } };
  }[];
  expect(mentions).toHaveLength(1);
  expect(mentions[0]!.data.mentioned).toEqual([expect.objectContaining({ name: "Max Member" })]);
  expect(slack.received.some((r) => String(json(r).text).includes("mentioned"))).toBe(true);
});

test("mentions match whole handles only", () => {
  const members = [
    { userId: "1", email: "max@acme.test", name: "Max" },
    { userId: "2", email: "maxine@acme.test", name: "Maxine" },
  ];
  expect(mentionedMembers("hey @maxine", members, "9").map((m) => m.userId)).toEqual(["2"]);
  expect(mentionedMembers("hey @Max, and @max@acme.test.", members, "9").map((m) => m.userId)).toEqual(["1"]);
  expect(mentionedMembers("mail max@acme.test", members, "9")).toEqual([]);
});

test("a 429 waits for its Retry-After (longer than the backoff), then delivers", async () => {
  const now = Date.now();
  hookFake.failNext({ status: 429, headers: { "retry-after": "120" } });
  await announce(t.ws.id, "recording.error_click", { note: "retry-after" }, now);
  await runDueDeliveries(now);
  const pending = (await log()).find((d) => d.payload.note === "retry-after" && d.target.kind === "webhook")!;
  expect(pending).toMatchObject({
    status: "pending",
    attempts: 1,
    lastStatus: 429,
    nextAttemptAt: now + 120_000,
  });
  await runDueDeliveries(now + 60_000);
  expect((await log()).find((d) => d.id === pending.id)).toMatchObject({ status: "pending", attempts: 1 });
  await runDueDeliveries(now + 121_000);
  expect((await log()).find((d) => d.id === pending.id)).toMatchObject({
    status: "delivered",
    attempts: 2,
    lastStatus: 204,
  });
});

test("5xx is retried with exponential backoff, then logged as failed", async () => {
  let now = Date.now();
  hookFake.failNext(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 503, body: "down" })));
  await announce(t.ws.id, "recording.error_click", { note: "down" }, now);
  const gaps: number[] = [];
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    await runDueDeliveries(now);
    const d = (await log()).find((x) => x.payload.note === "down" && x.target.kind === "webhook")!;
    if (d.nextAttemptAt) {
      gaps.push(d.nextAttemptAt - now);
      now = d.nextAttemptAt;
    }
  }
  expect(gaps).toEqual([30_000, 120_000, 480_000, 1_920_000]);
  const failed = (await log()).find((x) => x.payload.note === "down" && x.target.kind === "webhook")!;
  expect(failed).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatus: 503 });
  expect(failed.lastError).toMatch(/Answered 503/);
});

test("a receiver's 4xx other than 429 fails at once (retrying cannot help)", async () => {
  hookFake.failNext({ status: 410, body: "gone" });
  const now = Date.now();
  await announce(t.ws.id, "recording.error_click", { note: "gone" }, now);
  await runDueDeliveries(now);
  expect((await log()).find((x) => x.payload.note === "gone" && x.target.kind === "webhook")).toMatchObject({
    status: "failed",
    attempts: 1,
    lastStatus: 410,
  });
});

import { gunzipSync, gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { type Batch, decide, MAX_ATTEMPTS, MAX_QUEUE, type SendResult, Transport } from "../src/transport";

const batch = (n = 3, id = "b1"): Batch => ({
  v: 1,
  sdk: "t",
  sessionId: "s",
  windowId: "w",
  distinctId: "d",
  batchId: id,
  seq: 0,
  events: Array.from({ length: n }, (_, i) => ({ type: 3, timestamp: i, data: { i } })),
});

function harness(answers: SendResult[]) {
  const sent: Batch[] = [];
  const beacons: string[] = [];
  let ids = 0;
  const timers: (() => void)[] = [];
  const t = new Transport({
    post: async (body) => {
      sent.push(JSON.parse(String(body)));
      return answers.shift() ?? { status: 200 };
    },
    beacon: (body) => {
      beacons.push(body);
      return true;
    },
    newId: () => `split-${++ids}`,
    random: () => 0.5,
    schedule: (fn) => timers.push(fn),
  });
  // Retries are scheduled; running them now makes the test independent of the clock.
  const runTimers = async () => {
    while (timers.length) {
      const fn = timers.shift()!;
      for (const p of (t as unknown as { queue: { notBefore: number }[] }).queue) p.notBefore = 0;
      fn();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { t, sent, beacons, runTimers };
}

test("the retry policy: 2xx done, 413 split, 429/5xx/network retried, other 4xx dropped", () => {
  expect(decide({ status: 200 }, 0)).toEqual({ action: "done" });
  expect(decide({ status: 413 }, 0)).toEqual({ action: "split" });
  expect(decide({ status: 400 }, 0)).toEqual({ action: "drop" });
  expect(decide({ status: 401 }, 0)).toEqual({ action: "drop" });
  expect(decide({ status: 503 }, 0, () => 0.5).action).toBe("retry");
  expect(decide({ networkError: true }, 0, () => 0.5).action).toBe("retry");
  expect(decide({ status: 429, retryAfterSec: 7 }, 0)).toEqual({ action: "retry", delayMs: 7000 });
  expect(decide({ status: 503 }, MAX_ATTEMPTS - 1)).toEqual({ action: "drop" });
});

test("backoff grows exponentially with jitter and a ceiling", () => {
  const delays = [0, 1, 2, 3, 10].map(
    (a) => (decide({ status: 500 }, a, () => 0.5) as { delayMs: number }).delayMs,
  );
  expect(delays).toEqual([1000, 2000, 4000, 8000, 30_000]);
  const low = (decide({ status: 500 }, 2, () => 0) as { delayMs: number }).delayMs;
  const high = (decide({ status: 500 }, 2, () => 0.999) as { delayMs: number }).delayMs;
  expect(low).toBe(2000);
  expect(high).toBeGreaterThan(5900);
  expect(high).toBeLessThan(6000);
});

test("503 twice then 200: delivered once, the same batch id every time", async () => {
  const h = harness([{ status: 503 }, { status: 503 }, { status: 200 }]);
  h.t.enqueue(batch());
  await new Promise((r) => setTimeout(r, 0));
  await h.runTimers();
  expect(h.sent.map((b) => b.batchId)).toEqual(["b1", "b1", "b1"]);
  expect(h.t.pending).toBe(0);
});

test("a 400 drops the batch without retrying", async () => {
  const h = harness([{ status: 400 }]);
  h.t.enqueue(batch());
  await new Promise((r) => setTimeout(r, 0));
  await h.runTimers();
  expect(h.sent).toHaveLength(1);
  expect(h.t.pending).toBe(0);
});

test("a batch refused as too large is split in two, not lost", async () => {
  const h = harness([{ status: 413 }]);
  h.t.enqueue(batch(10));
  await new Promise((r) => setTimeout(r, 0));
  await h.runTimers();
  expect(h.sent.map((b) => b.events.length)).toEqual([10, 5, 5]);
  expect(new Set(h.sent.slice(1).map((b) => b.batchId)).size).toBe(2);
});

test("batches go out in order, one at a time", async () => {
  const h = harness([]);
  for (let i = 0; i < 5; i++) h.t.enqueue(batch(1, `b${i}`));
  await new Promise((r) => setTimeout(r, 10));
  expect(h.sent.map((b) => b.batchId)).toEqual(["b0", "b1", "b2", "b3", "b4"]);
});

test("the queue is bounded: under a long outage the oldest batches give way", async () => {
  const h = harness(Array(1000).fill({ networkError: true }));
  for (let i = 0; i < MAX_QUEUE + 10; i++) h.t.enqueue(batch(1, `b${i}`));
  expect(h.t.pending).toBe(MAX_QUEUE);
});

test("at page exit everything unsent goes through sendBeacon, split to fit", () => {
  const h = harness([{ networkError: true }]);
  const big = batch(400);
  for (const e of big.events as { data: Record<string, unknown> }[]) e.data.pad = "x".repeat(300);
  h.t.drainWithBeacon(big);
  expect(h.beacons.length).toBeGreaterThan(1);
  for (const b of h.beacons) expect(b.length).toBeLessThanOrEqual(60_000);
  const events = h.beacons.flatMap((b) => (JSON.parse(b) as Batch).events);
  expect(events).toHaveLength(400);
});

test("at page exit a batch over the server's caps leaves as several beacons, each within the caps", () => {
  const h = harness([]);
  h.t.setLimits({ eventsPerBatch: 4, capturedEventsPerBatch: 2 });
  const custom = Array.from({ length: 6 }, (_, i) => ({
    type: 5,
    timestamp: 100 + i,
    data: { tag: `e${i}` },
  }));
  const last = { ...batch(10, "last"), events: [...batch(10).events, ...custom] };
  h.t.drainWithBeacon(last);
  const sent = h.beacons.map((b) => JSON.parse(b) as Batch);
  expect(sent.length).toBeGreaterThan(1);
  for (const b of sent) {
    expect(b.events.length).toBeLessThanOrEqual(4);
    expect(b.events.filter((e) => e.type === 5).length).toBeLessThanOrEqual(2);
  }
  // Every event once, in order, each beacon under a batch id of its own.
  expect(sent.flatMap((b) => b.events)).toEqual(last.events);
  expect(new Set(sent.map((b) => b.batchId)).size).toBe(sent.length);
});

test("a hidden page's batch over the caps leaves as several keepalive requests, each within the caps", async () => {
  const h = compressing();
  h.t.setLimits({ eventsPerBatch: 4, capturedEventsPerBatch: 500 });
  h.t.leaveCompressed(batch(10, "hidden"));
  await h.compress();
  const sent = h.posts.map((p) => JSON.parse(gunzipSync(p.body).toString()) as Batch);
  expect(sent.map((b) => b.events.length)).toEqual([3, 2, 3, 2]);
});

/** A harness whose gzip is real (node:zlib) and resolves when the test lets it. */
function compressing() {
  const posts: { body: Uint8Array; keepalive: boolean }[] = [];
  const beacons: string[] = [];
  const release: (() => void)[] = [];
  const t = new Transport({
    post: async (body, keepalive) => {
      posts.push({ body: body as unknown as Uint8Array, keepalive });
      return { status: 200 };
    },
    beacon: (body) => {
      beacons.push(body);
      return true;
    },
    gzip: (text) => new Promise((resolve) => release.push(() => resolve(gzipSync(text)))),
    newId: () => "split",
  });
  const compress = async () => {
    for (const r of release.splice(0)) r();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { t, posts, beacons, compress };
}

test("a hidden page's batches leave gzipped over keepalive fetch, not as plain beacons", async () => {
  const h = compressing();
  h.t.leaveCompressed(batch(50, "hidden"));
  await h.compress();
  expect(h.beacons).toHaveLength(0);
  expect(h.posts).toHaveLength(1);
  expect(h.posts[0]!.keepalive).toBe(true);
  expect((JSON.parse(gunzipSync(h.posts[0]!.body).toString()) as Batch).batchId).toBe("hidden");
});

test("a page that goes while its batch is compressing sends it once, as a beacon", async () => {
  const h = compressing();
  h.t.leaveCompressed(batch(5, "racing"));
  h.t.drainWithBeacon(null);
  await h.compress();
  expect(h.beacons.map((b) => (JSON.parse(b) as Batch).batchId)).toEqual(["racing"]);
  expect(h.posts).toHaveLength(0);
});

test("clear drops every batch not sent yet", async () => {
  const h = harness(Array(10).fill({ networkError: true }));
  for (let i = 0; i < 3; i++) h.t.enqueue(batch(1, `b${i}`));
  h.t.clear();
  expect(h.t.pending).toBe(0);
});

test("a batch over the server's caps is split before it is sent", async () => {
  const h = harness([]);
  h.t.setLimits({ eventsPerBatch: 4, capturedEventsPerBatch: 500 });
  h.t.enqueue(batch(10));
  await new Promise((r) => setTimeout(r, 10));
  expect(h.sent.map((b) => b.events.length)).toEqual([3, 2, 3, 2]);
  expect(h.sent.every((b) => b.events.length <= 4)).toBe(true);
});

test("more custom events than the server takes in one batch are split before sending", async () => {
  const h = harness([]);
  h.t.setLimits({ eventsPerBatch: 50_000, capturedEventsPerBatch: 2 });
  const custom = Array.from({ length: 6 }, (_, i) => ({ type: 5, timestamp: i, data: { tag: `e${i}` } }));
  h.t.enqueue({ ...batch(0), events: custom });
  await new Promise((r) => setTimeout(r, 10));
  expect(h.sent.map((b) => b.events.length)).toEqual([2, 1, 2, 1]);
});

test("a single event refused as too large is dropped with a warning, not silently", async () => {
  const h = harness([{ status: 413 }]);
  const warned: string[] = [];
  const { warn } = console;
  console.warn = (message: string) => warned.push(message);
  try {
    h.t.enqueue(batch(1));
    await new Promise((r) => setTimeout(r, 10));
  } finally {
    console.warn = warn;
  }
  expect(h.t.pending).toBe(0);
  expect(warned).toEqual(["[rewind] a batch was refused (413); dropped"]);
});

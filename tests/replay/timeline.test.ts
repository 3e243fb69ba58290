import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { EMPTY_CARRY, summarizeBatch } from "@/lib/ingest/summarize";
import { buildTimeline, IDLE_THRESHOLD_MS, idleAt, type ReplayEvent } from "@/lib/replay/timeline";
import { click, consoleLine, custom, exception, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";

/** Batches recorded in Chromium from /demo by bench/record-corpus.ts. */
function recordedSession(first: string, second: string): ReplayEvent[][] {
  const dir = join(__dirname, "../../bench/fixtures/corpus");
  return [first, second].map((f) => {
    const bytes = readFileSync(join(dir, f));
    const text = bytes[0] === 0x1f ? gunzipSync(bytes).toString() : bytes.toString();
    return (JSON.parse(text) as { events: ReplayEvent[] }).events;
  });
}

describe("timeline from a recorded session", () => {
  const [a, b] = recordedSession("001.bin", "002.bin");
  const events = [...a!, ...b!];
  const end = Math.max(...events.map((e) => e.timestamp));
  // The signals ingest finds in the same batches, carried across the boundary as ingest does.
  const first = summarizeBatch(a as RrwebEvent[], undefined, EMPTY_CARRY);
  const second = summarizeBatch(b as RrwebEvent[], undefined, first.carry);
  const signals = [...first.signals, ...second.signals];
  const timeline = buildTimeline(events, signals, end);

  test("pages in order, with the time spent on each up to the end", () => {
    expect(timeline.pages.map((p) => new URL(p.url).pathname)).toEqual(["/demo", "/demo/checkout"]);
    const [home, checkout] = timeline.pages;
    expect(home!.durationMs).toBe(checkout!.at - home!.at);
    expect(checkout!.durationMs).toBe(end - checkout!.at);
  });

  test("every click is an item, named from the recorded page", () => {
    const clicks = events.filter((e) => e.type === 3 && e.data.source === 2 && e.data.type === 2);
    const items = timeline.items.filter((i) => i.kind === "click");
    expect(items.map((i) => i.at)).toEqual(clicks.map((c) => c.timestamp));
    expect(items.some((i) => /^Click on (button|a)\b/.test(i.label))).toBe(true);
  });

  test("signals sit at the moments ingest found them, in time order with the rest", () => {
    expect(signals.length).toBeGreaterThan(0);
    const items = timeline.items.filter((i) => i.kind === "signal");
    expect(items.map((i) => [i.signal, i.at])).toEqual(signals.map((s) => [s.kind, s.at]));
    const ats = timeline.items.map((i) => i.at);
    expect(ats).toEqual([...ats].sort((x, y) => x - y));
  });
});

describe("timeline from synthetic events", () => {
  const network = (at: number, status: number, url = "https://shop.example/api/pay") => ({
    type: 6,
    timestamp: at,
    data: {
      plugin: "rewind/network@1",
      payload: { type: "fetch", method: "POST", url, status, durationMs: 120, responseSize: 2048 },
    },
  });
  const events = [
    meta(T0),
    fullSnapshot(T0 + 1),
    pageview(T0 + 2, "https://shop.example/cart"),
    click(T0 + 1000),
    custom(T0 + 2000, "checkout_started", { plan: "growth", items: 3 }),
    exception(T0 + 3000, "TypeError: total is undefined"),
    consoleLine(T0 + 3100, "error"),
    consoleLine(T0 + 3200, "log"),
    network(T0 + 3300, 500),
    network(T0 + 3400, 200),
    {
      type: 5,
      timestamp: T0 + 3500,
      data: { tag: "$identify", payload: { distinctId: "alice@example.com" } },
    },
    click(T0 + 3600 + IDLE_THRESHOLD_MS + 5000),
    pageview(T0 + 30_000, "https://shop.example/thanks"),
  ] as ReplayEvent[];
  // Shuffled on purpose: chunks can arrive in any order.
  const timeline = buildTimeline(
    [...events].reverse(),
    [{ kind: "rage", at: T0 + 1500, count: 4 }],
    T0 + 40_000,
  );

  test("custom events carry their properties, exceptions their stack", () => {
    const event = timeline.items.find((i) => i.kind === "event" && i.label === "checkout_started")!;
    expect(JSON.parse(event.detail!)).toEqual({ plan: "growth", items: 3 });
    const error = timeline.items.find((i) => i.kind === "exception")!;
    expect(error).toMatchObject({ label: "TypeError: total is undefined", detail: "at checkout.js:10" });
    expect(timeline.items.find((i) => i.label === "Identified as alice@example.com")).toBeTruthy();
  });

  test("console errors and every request reach the timeline, failed ones marked; every line and request reaches its panel", () => {
    expect(timeline.console.map((l) => l.level)).toEqual(["error", "log"]);
    expect(timeline.items.filter((i) => i.kind === "console")).toHaveLength(1);
    expect(timeline.network.map((n) => [n.status, n.failed])).toEqual([
      [500, true],
      [200, false],
    ]);
    expect(
      timeline.items.filter((i) => i.kind === "network").map((i) => [i.label, i.severity, i.at]),
    ).toEqual([
      ["HTTP: POST /api/pay - 500", "error", T0 + 3300],
      ["HTTP: POST /api/pay - 200", undefined, T0 + 3400],
    ]);
    expect(timeline.network[0]).toMatchObject({ durationMs: 120, size: 2048 });
  });

  test("a request with no answer is a failed error; a 4xx a warning", () => {
    const t = buildTimeline([network(T0, 0, "/api/cart?x=1"), network(T0 + 1, 404)] as ReplayEvent[]);
    expect(t.items.map((i) => [i.label, i.severity])).toEqual([
      ["HTTP: POST /api/cart?x=1 - failed", "error"],
      ["HTTP: POST /api/pay - 404", "warning"],
    ]);
  });

  test("signal labels count their clicks", () => {
    expect(timeline.items.find((i) => i.kind === "signal")).toMatchObject({
      label: "Rage click ×4",
      at: T0 + 1500,
    });
  });

  test("idle stretches between activity longer than the threshold", () => {
    expect(timeline.idle).toEqual([[T0 + 1000, T0 + 3600 + IDLE_THRESHOLD_MS + 5000]]);
    expect(idleAt(timeline.idle, T0 + 5000)).toEqual(timeline.idle[0]);
    expect(idleAt(timeline.idle, T0 + 500)).toBeNull();
  });

  test("page durations run to the next page and the last to the end", () => {
    expect(timeline.pages.map((p) => p.durationMs)).toEqual([30_000 - 2, 10_000]);
  });

  test("without $pageview events, pages come from rrweb's meta events", () => {
    const t = buildTimeline([
      meta(T0, "https://a.example/one"),
      meta(T0 + 5000, "https://a.example/two"),
    ] as ReplayEvent[]);
    expect(t.pages.map((p) => [p.url, p.durationMs])).toEqual([
      ["https://a.example/one", 5000],
      ["https://a.example/two", 0],
    ]);
  });

  test("junk in events never throws", () => {
    const junk = [
      { type: 5, timestamp: T0, data: { tag: 42, payload: null } },
      { type: 6, timestamp: T0, data: { plugin: "rrweb/console@1", payload: "x" } },
      { type: 3, timestamp: T0, data: { source: 0, adds: [null, { node: 5 }] } },
      { type: 2, timestamp: T0, data: { node: null } },
    ] as unknown as ReplayEvent[];
    expect(() => buildTimeline(junk)).not.toThrow();
  });
});

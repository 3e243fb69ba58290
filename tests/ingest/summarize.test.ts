import { expect, test } from "vitest";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { DEFAULT_THRESHOLDS, summarizeBatch } from "@/lib/ingest/summarize";
import {
  click,
  consoleLine,
  custom,
  exception,
  fullSnapshot,
  input,
  meta,
  moves,
  mutation,
  pageview,
  scroll,
  T0,
} from "../helpers/batches";

const summarize = (events: unknown[], t = DEFAULT_THRESHOLDS) => summarizeBatch(events as RrwebEvent[], t);
const kinds = (events: unknown[]) => summarize(events).signals.map((s) => s.kind);

test("counts pages, clicks, keypresses, errors and console levels", () => {
  const s = summarize([
    meta(T0),
    fullSnapshot(T0 + 1),
    pageview(T0 + 2, "https://shop.example/"),
    click(T0 + 100),
    mutation(T0 + 150),
    input(T0 + 300),
    input(T0 + 400),
    pageview(T0 + 1000, "https://shop.example/checkout?step=2"),
    exception(T0 + 1200),
    consoleLine(T0 + 1300, "error"),
    consoleLine(T0 + 1400, "warn"),
    consoleLine(T0 + 1500, "log"),
    custom(T0 + 1600, "checkout_started", { plan: "growth" }),
  ]);
  expect(s).toMatchObject({
    pageCount: 2,
    clickCount: 1,
    keypressCount: 2,
    errorCount: 1,
    consoleErrorCount: 1,
    consoleWarnCount: 1,
    consoleLogCount: 1,
    hasFullSnapshot: true,
    viewport: "1280x720",
    firstTs: T0,
    lastTs: T0 + 1600,
    eventNames: ["checkout_started"],
  });
  expect(s.pages.map((p) => p.url)).toEqual(["https://shop.example/", "https://shop.example/checkout"]);
});

test("query strings never reach stored page URLs", () => {
  const s = summarize([pageview(T0, "https://shop.example/reset?token=abc123&email=a@b.c")]);
  expect(s.pages[0]!.url).toBe("https://shop.example/reset");
});

test("three clicks within a second and 30 px make one rage click", () => {
  const s = summarize([
    click(T0, 100, 100),
    click(T0 + 200, 110, 105),
    click(T0 + 400, 95, 98),
    mutation(T0 + 500),
  ]);
  expect(s.signals.filter((x) => x.kind === "rage")).toEqual([
    expect.objectContaining({ kind: "rage", at: T0, count: 3 }),
  ]);
});

test("clicks far apart in space or time are not rage clicks", () => {
  expect(
    kinds([click(T0, 100, 100), click(T0 + 200, 300, 300), click(T0 + 400, 500, 500), mutation(T0 + 500)]),
  ).not.toContain("rage");
  expect(kinds([click(T0), click(T0 + 700), click(T0 + 1400), mutation(T0 + 1500)])).not.toContain("rage");
});

test("a click followed by nothing for 2.5 s is a dead click; one that changes the page is not", () => {
  expect(kinds([click(T0), scroll(T0 + 3000)])).toEqual(["dead"]);
  expect(kinds([click(T0), mutation(T0 + 300), scroll(T0 + 3000)])).toEqual([]);
});

test("a click too close to the batch's end is not judged dead", () => {
  expect(kinds([click(T0), scroll(T0 + 2000)])).toEqual([]);
});

test("only the last click before an exception is blamed for it", () => {
  const s = summarize([
    click(T0),
    click(T0 + 100),
    click(T0 + 200, 400, 400),
    mutation(T0 + 250),
    exception(T0 + 300),
  ]);
  expect(s.signals.filter((x) => x.kind === "errorclick")).toEqual([
    expect.objectContaining({ at: T0 + 200, x: 400 }),
  ]);
});

test("a click followed by an exception within a second is an error click", () => {
  expect(kinds([click(T0), mutation(T0 + 100), exception(T0 + 600)])).toContain("errorclick");
  expect(kinds([click(T0), mutation(T0 + 100), exception(T0 + 1600)])).not.toContain("errorclick");
});

test("going to a page and straight back is a U-turn", () => {
  const s = summarize([
    pageview(T0, "https://s.example/a"),
    pageview(T0 + 1000, "https://s.example/b"),
    pageview(T0 + 3000, "https://s.example/a"),
  ]);
  expect(s.signals).toEqual([
    expect.objectContaining({ kind: "uturn", at: T0 + 3000, url: "https://s.example/b" }),
  ]);
  expect(
    kinds([
      pageview(T0, "https://s.example/a"),
      pageview(T0 + 1000, "https://s.example/b"),
      pageview(T0 + 9000, "https://s.example/a"),
    ]),
  ).toEqual([]);
});

test("rapid left-right pointer reversals are thrashing; a steady sweep is not", () => {
  expect(kinds([moves(T0, [100, 200, 100, 200, 100, 200, 100, 200])])).toContain("thrash");
  expect(kinds([moves(T0, [100, 150, 200, 250, 300, 350, 400, 450])])).not.toContain("thrash");
});

test("thresholds come from the workspace settings", () => {
  const strict = { ...DEFAULT_THRESHOLDS, rageClicks: 4 };
  expect(
    summarize([click(T0), click(T0 + 100), click(T0 + 200), mutation(T0 + 300)], strict).signals,
  ).toEqual([]);
});

test("active time is the union of 5 s windows after each input or pointer event", () => {
  const s = summarize([
    click(T0),
    input(T0 + 2000),
    scroll(T0 + 4000),
    click(T0 + 60_000),
    click(T0 + 61_000),
  ]);
  // [0, 9 s) from the first three, [60 s, 66 s) from the last two.
  expect(s.activeMs).toBe(15_000);
});

test("isolated clicks each count their window: 17 clicks over 6 minutes are not 1 % active", () => {
  const clicks = Array.from({ length: 17 }, (_, i) => click(T0 + i * 20_000));
  expect(summarize(clicks).activeMs).toBe(17 * 5000);
});

test("a window spanning two batches counts once", () => {
  const first = summarizeBatch([click(T0), mutation(T0 + 10)] as RrwebEvent[]);
  const second = summarizeBatch([click(T0 + 3000)] as RrwebEvent[], DEFAULT_THRESHOLDS, first.carry);
  expect(first.activeMs + second.activeMs).toBe(8000);
});

test("the clicks of a rage burst on a dead button are rage, not also dead clicks", () => {
  expect(
    kinds([click(T0, 100, 100), click(T0 + 200, 102, 101), click(T0 + 400, 99, 100), scroll(T0 + 4000)]),
  ).toEqual(["rage"]);
});

test("a rage burst split by a flush is still not judged dead in the next batch", () => {
  const first = summarizeBatch([
    click(T0, 100, 100),
    click(T0 + 200, 102, 101),
    click(T0 + 400, 99, 100),
  ] as RrwebEvent[]);
  expect(first.signals.map((x) => x.kind)).toEqual(["rage"]);
  const second = summarizeBatch([scroll(T0 + 4000)] as RrwebEvent[], DEFAULT_THRESHOLDS, first.carry);
  expect(second.signals).toEqual([]);
});

test("a click that throws is an error click, not a dead click", () => {
  expect(kinds([click(T0), exception(T0 + 300), scroll(T0 + 4000)])).toEqual(["errorclick"]);
});

test("an exception arriving in the next batch still keeps its click from being dead", () => {
  const first = summarizeBatch([click(T0)] as RrwebEvent[]);
  const second = summarizeBatch(
    [exception(T0 + 500), scroll(T0 + 4000)] as RrwebEvent[],
    DEFAULT_THRESHOLDS,
    first.carry,
  );
  expect(second.signals.map((x) => x.kind)).toEqual(["errorclick"]);
});

test("page views, custom events and exceptions become events with scalar properties", () => {
  const s = summarize([
    pageview(T0, "https://s.example/cart?coupon=x#top"),
    custom(T0 + 10, "checkout_started", { items: 2, plan: "growth", nested: { a: 1 }, ok: true, no: null }),
    exception(T0 + 20, "TypeError: boom"),
    {
      type: 5,
      timestamp: T0 + 30,
      data: { tag: "$identify", payload: { distinctId: "ann", anonymousId: "anon-1", properties: {} } },
    },
  ]);
  expect(s.events).toEqual([
    { name: "$pageview", at: T0, url: "https://s.example/cart", props: { title: "" } },
    {
      name: "checkout_started",
      at: T0 + 10,
      url: "https://s.example/cart",
      props: { items: 2, plan: "growth", ok: true },
    },
    {
      name: "$exception",
      at: T0 + 20,
      url: "https://s.example/cart",
      props: { message: "TypeError: boom", frame: "<anonymous> (checkout.js:10)" },
    },
  ]);
  expect(s.identified).toEqual({ distinctId: "ann", anonymousId: "anon-1", properties: {} });
});

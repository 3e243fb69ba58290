import { beforeAll, expect, test } from "vitest";
import { activityOf, getSession } from "@/lib/data/sessions";
import {
  batch,
  click,
  custom,
  snapshotElement as el,
  exception,
  fullSnapshot,
  meta,
  mutation,
  scroll,
  T0,
  snapshotText as text,
} from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

/** What a session's sentence and sparkline are told from, kept by ingest across batches. */

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Facts", "facts@ingest.test"));
});

const pageview = (at: number, url: string, referrer = "") => ({
  type: 5,
  timestamp: at,
  data: { tag: "$pageview", payload: { url, title: "", referrer } },
});

test("entry, referrer, first error and its page, first rage page, last page and activity per minute", async () => {
  const sessionId = "facts-1";
  await ingestBatch(
    key,
    batch(
      [
        meta(T0),
        fullSnapshot(T0 + 1),
        pageview(T0 + 2, "https://shop.example/pricing", "https://www.google.com/search?q=shop"),
        click(T0 + 1000, 10, 10),
        click(T0 + 1100, 11, 10),
        click(T0 + 1200, 10, 11),
        mutation(T0 + 1300),
      ],
      { sessionId, seq: 0 },
    ),
  );
  await ingestBatch(
    key,
    batch(
      [
        pageview(T0 + 70_000, "https://shop.example/checkout", "https://www.google.com/search?q=shop"),
        click(T0 + 71_000),
        exception(T0 + 71_500, "PaymentError: card declined"),
        scroll(T0 + 72_000),
        exception(T0 + 73_000, "A later error"),
      ],
      { sessionId, seq: 1 },
    ),
  );
  const f = (await getSession(ws, sessionId))!.fields;
  expect(f).toMatchObject({
    firstUrl: "https://shop.example/pricing",
    referrer: "google.com",
    firstError: "PaymentError: card declined",
    firstErrorPath: "/checkout",
    firstRagePath: "/pricing",
    lastPath: "/checkout",
  });
  const minutes = (await activityOf(ws, [sessionId])).get(sessionId)!;
  expect(minutes.reduce((n, [, c]) => n + c, 0)).toBe(5);
  expect(minutes.map(([m]) => m)).toEqual(
    [
      ...new Set(
        [T0 + 1000, T0 + 1100, T0 + 1200, T0 + 71_000, T0 + 72_000].map((t) => Math.floor(t / 60_000)),
      ),
    ].sort((a, b) => a - b),
  );
});

test("a referrer from the site itself is no referrer", async () => {
  await ingestBatch(
    key,
    batch(
      [meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/a", "https://shop.example/")],
      {
        sessionId: "facts-2",
      },
    ),
  );
  expect((await getSession(ws, "facts-2"))!.fields.referrer).toBeUndefined();
});

/** A recorded page whose body holds one element (node 5, the node `click` lands on). */
const pageWith = (at: number, target: unknown) => ({
  type: 2,
  timestamp: at,
  data: {
    node: { type: 0, id: 1, childNodes: [el(2, "html", {}, [el(3, "body", {}, [target])])] },
    initialOffset: { top: 0, left: 0 },
  },
});
const rageOn = (at: number) => [click(at, 10, 10), click(at + 100, 11, 10), click(at + 200, 10, 11)];

/** The first rage-clicked element's label, as ingest kept it, for a page holding this element. */
async function rageLabelFor(sessionId: string, target: unknown): Promise<string | undefined> {
  await ingestBatch(
    key,
    batch([meta(T0, "https://shop.example/checkout"), pageWith(T0 + 1, target), ...rageOn(T0 + 1000)], {
      sessionId,
    }),
  );
  return (await getSession(ws, sessionId))!.fields.firstRageLabel;
}

test("the rage-clicked element is named by its aria-label, else its unmasked text", async () => {
  expect(
    await rageLabelFor("rage-aria", el(5, "button", { "aria-label": "Pay now" }, [text(6, "Pay")])),
  ).toBe("“Pay now”");
  // The button's words sit in a span: the click on the button still finds them.
  expect(
    await rageLabelFor("rage-text", el(5, "button", {}, [el(6, "span", {}, [text(7, "Pay  €20")])])),
  ).toBe("“Pay €20”");
});

test("text that masking hid is never the label: the element's role or kind is", async () => {
  expect(await rageLabelFor("rage-masked", el(5, "button", {}, [text(6, "*** ***")]))).toBe("a button");
  expect(
    await rageLabelFor(
      "rage-masked-aria",
      el(5, "div", { role: "tab", "aria-label": "*******" }, [text(6, "****")]),
    ),
  ).toBe("a tab");
  expect(await rageLabelFor("rage-link", el(5, "a", { href: "/x" }, []))).toBe("a link");
  const f = (await getSession(ws, "rage-masked"))!.fields;
  expect(f.firstRagePath).toBe("/checkout");
});

test("a rage burst judged a batch after its first clicks keeps the label of the element clicked", async () => {
  const sessionId = "rage-straddle";
  const [first, second, third] = rageOn(T0 + 1000);
  await ingestBatch(
    key,
    batch([meta(T0), pageWith(T0 + 1, el(5, "button", { "aria-label": "Place order" })), first, second], {
      sessionId,
      seq: 0,
    }),
  );
  expect((await getSession(ws, sessionId))!.fields.rageCount).toBe(0);
  await ingestBatch(key, batch([third], { sessionId, seq: 1 }));
  const f = (await getSession(ws, sessionId))!.fields;
  expect(f.rageCount).toBe(1);
  expect(f.firstRageLabel).toBe("“Place order”");
});

test("a rage burst on a page recorded in an earlier batch is named through the session's node map", async () => {
  const sessionId = "rage-later-batch";
  const page = el(5, "button", {}, [el(6, "span", {}, [text(7, "Apply coupon")])]);
  await ingestBatch(key, batch([meta(T0), pageWith(T0 + 1, page)], { sessionId, seq: 0 }));
  // The clicks land on the span inside the button, a batch after the DOM was recorded.
  const onSpan = (at: number, x: number, y: number) => ({
    type: 3,
    timestamp: at,
    data: { source: 2, type: 2, id: 6, x, y },
  });
  await ingestBatch(
    key,
    batch([onSpan(T0 + 5000, 10, 10), onSpan(T0 + 5100, 11, 10), onSpan(T0 + 5200, 10, 11)], {
      sessionId,
      seq: 1,
    }),
  );
  const f = (await getSession(ws, sessionId))!.fields;
  expect(f.rageCount).toBe(1);
  expect(f.firstRageLabel).toBe("“Apply coupon”");
});

test("custom events are counted across batches, the most sent kept first", async () => {
  const sessionId = "custom-events";
  await ingestBatch(
    key,
    batch(
      [
        meta(T0),
        fullSnapshot(T0 + 1),
        custom(T0 + 10, "added_to_cart", { sku: "a" }),
        custom(T0 + 20, "viewed_item"),
        custom(T0 + 30, "added_to_cart", { sku: "b" }),
      ],
      { sessionId, seq: 0 },
    ),
  );
  await ingestBatch(
    key,
    batch(
      [custom(T0 + 40, "added_to_cart"), custom(T0 + 50, "checkout_started"), custom(T0 + 60, "viewed_item")],
      { sessionId, seq: 1 },
    ),
  );
  expect((await getSession(ws, sessionId))!.fields.topEvents).toEqual([
    ["added_to_cart", 3],
    ["viewed_item", 2],
    ["checkout_started", 1],
  ]);
});

test("a session counts its first eight custom event names; later names are not kept", async () => {
  const sessionId = "custom-many";
  const names = Array.from({ length: 12 }, (_, i) => `step_${String(i).padStart(2, "0")}`);
  await ingestBatch(
    key,
    batch([meta(T0), ...names.map((name, i) => custom(T0 + i, name))], { sessionId, seq: 0 }),
  );
  // A later name sent many times still has no count: the first eight were counted.
  await ingestBatch(
    key,
    batch(
      Array.from({ length: 5 }, (_, i) => custom(T0 + 100 + i, "step_11")),
      { sessionId, seq: 1 },
    ),
  );
  await ingestBatch(key, batch([custom(T0 + 200, "step_07")], { sessionId, seq: 2 }));
  expect((await getSession(ws, sessionId))!.fields.topEvents).toEqual([
    ["step_07", 2],
    ["step_00", 1],
    ["step_01", 1],
  ]);
});

test("an event name with & = + and spaces is kept as it was sent", async () => {
  const sessionId = "custom-odd-name";
  const name = "promo & deals=50% +more";
  await ingestBatch(
    key,
    batch([meta(T0), custom(T0 + 1, name), custom(T0 + 2, name), custom(T0 + 3, "ok")], { sessionId }),
  );
  expect((await getSession(ws, sessionId))!.fields.topEvents).toEqual([
    [name, 2],
    ["ok", 1],
  ]);
});

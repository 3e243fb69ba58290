import { beforeAll, expect, test } from "vitest";
import { activityOf, getSession } from "@/lib/data/sessions";
import { batch, click, exception, fullSnapshot, meta, mutation, scroll, T0 } from "../helpers/batches";
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

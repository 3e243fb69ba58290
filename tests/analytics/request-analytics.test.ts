import { beforeAll, expect, test } from "vitest";
import { sessionAnalytics } from "@/lib/analytics/session-analytics";
import { parseSearch } from "@/lib/search/parse";
import { batch, meta, networkRequest, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

/** The Analytics page's requests table from requests captured through the real ingest route. */

let ws: string;

beforeAll(async () => {
  const fresh = await freshWorkspace("Request Analytics", "requests@analytics.test");
  ws = fresh.ws;
  const key = fresh.key;
  const visit = (sessionId: string, requests: ReturnType<typeof networkRequest>[]) =>
    ingestBatch(
      key,
      batch(
        [meta(T0, "https://shop.example/cart"), pageview(T0 + 1, "https://shop.example/cart"), ...requests],
        {
          sessionId,
        },
      ),
    );
  await visit("cart-fails", [
    networkRequest(T0 + 10, "POST", "/api/cart", 503, 80),
    networkRequest(T0 + 20, "POST", "/api/cart", 200, 1500),
  ]);
  await visit("cart-ok", [networkRequest(T0 + 10, "POST", "/api/cart", 200, 120)]);
  await visit("search", [networkRequest(T0 + 10, "GET", "/api/search?q=shoes", 200, 40)]);
  await visit("no-requests", []);
}, 120_000);

test("per path: sessions, failed-or-5xx sessions and slow sessions, from what ingest indexed", async () => {
  const range = { after: T0 - 86_400_000, before: T0 + 86_400_000 };
  const { requests, overall } = await sessionAnalytics(ws, { expr: null, ...range }, { kind: "none" });
  expect(overall.sessions).toBe(4);
  expect(requests).toEqual([
    {
      method: "POST",
      path: "/api/cart",
      sessions: 2,
      errorSessions: 1,
      errorRate: 0.5,
      slowSessions: 1,
      slowestMs: 1500,
    },
    {
      method: "GET",
      path: "/api/search",
      sessions: 1,
      errorSessions: 0,
      errorRate: 0,
      slowSessions: 0,
      slowestMs: 40,
    },
  ]);
  // Through the engine's walk (a search with no single index) the same rows.
  const walked = await sessionAnalytics(ws, { ...parseSearch("duration:>=0"), ...range }, { kind: "none" });
  expect(walked.requests).toEqual(requests);
});

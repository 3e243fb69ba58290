import { describe, expect, test } from "vitest";
import { normalizeRequestPath, requestPathOf, statusClass } from "@/lib/captured-requests";
import { REQUESTS_INDEXED_PER_SESSION, requestsToIndex } from "@/lib/ingest/limits";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { REQUESTS_INDEXED_PER_BATCH, summarizeBatch } from "@/lib/ingest/summarize";
import { meta, networkRequest, T0 } from "../helpers/batches";

/** What ingest makes of captured requests: the distinct ones a batch indexes, bounded. */

const summarize = (events: unknown[]) => summarizeBatch(events as RrwebEvent[]);

describe("paths are normalised so one endpoint is one request", () => {
  test("numbers, uuids, hashes and long tokens become :id; words stay", () => {
    expect(normalizeRequestPath("/api/orders/1234/items/42")).toBe("/api/orders/:id/items/:id");
    expect(normalizeRequestPath("/api/users/5c0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b")).toBe("/api/users/:id");
    expect(normalizeRequestPath("/assets/9f86d081884c7d65/app.js")).toBe("/assets/:id/app.js");
    expect(normalizeRequestPath("/api/carts/cart_8fK2x9QpLm3Zr7Tb")).toBe("/api/carts/:id");
    expect(normalizeRequestPath("/api/search")).toBe("/api/search");
    expect(normalizeRequestPath("/v2/checkout-summary")).toBe("/v2/checkout-summary");
  });

  test("the query string and fragment are never kept; relative URLs are read against the page", () => {
    expect(requestPathOf("https://api.example/search?q=secret#x")).toBe("/search");
    expect(requestPathOf("/api/cart?token=abc", "https://shop.example/checkout")).toBe("/api/cart");
    expect(requestPathOf("items/7", "https://shop.example/api/")).toBe("/api/items/:id");
  });

  test("what is not an http request yields nothing", () => {
    expect(requestPathOf("data:text/plain,hi")).toBeNull();
    expect(requestPathOf("javascript:alert(1)")).toBeNull();
    expect(requestPathOf(42)).toBeNull();
    expect(requestPathOf(`https://a.example/${"x".repeat(5000)}`)).toBeNull();
  });

  test("a very long path is bounded", () => {
    expect(normalizeRequestPath(`/${"a".repeat(1000)}/${"b".repeat(1000)}`).length).toBeLessThanOrEqual(300);
  });
});

test("status classes: 2xx … 5xx, and failed for no answer or a nonsense status", () => {
  expect([200, 204, 301, 404, 429, 500, 503].map(statusClass)).toEqual([
    "2xx",
    "2xx",
    "3xx",
    "4xx",
    "4xx",
    "5xx",
    "5xx",
  ]);
  expect([0, -1, 99, 600, 1.5, "500", null].map(statusClass)).toEqual(Array(7).fill("failed"));
});

test("a batch indexes each distinct request once, with the longest it took", () => {
  const s = summarize([
    meta(T0, "https://shop.example/cart"),
    networkRequest(T0 + 1, "post", "/api/cart", 200, 120),
    networkRequest(T0 + 2, "POST", "/api/cart?x=1", 201, 900),
    networkRequest(T0 + 3, "POST", "https://shop.example/api/cart", 503, 2400),
    networkRequest(T0 + 4, "GET", "/api/orders/991", 0, 30_000),
    networkRequest(T0 + 5, "GET", "/api/orders/992", 0, 10),
  ]);
  expect(s.requests).toEqual([
    { method: "POST", path: "/api/cart", status: "2xx", maxMs: 900 },
    { method: "POST", path: "/api/cart", status: "5xx", maxMs: 2400 },
    { method: "GET", path: "/api/orders/:id", status: "failed", maxMs: 30_000 },
  ]);
  expect(s.failedRequestCount).toBe(3);
});

test("bad payloads: odd methods, missing or absurd durations and unreadable URLs are tamed or skipped", () => {
  const odd = (payload: Record<string, unknown>) => ({
    type: 6,
    timestamp: T0 + 1,
    data: { plugin: "rewind/network@1", payload },
  });
  const s = summarize([
    meta(T0, "https://shop.example/"),
    odd({ method: "GE T<script>", url: "/a", status: 200, durationMs: -5 }),
    odd({ url: "/b", status: 200 }),
    odd({ method: "GET", url: "/c", status: 200, durationMs: 1e12 }),
    odd({ method: "GET", url: { href: "/d" }, status: 200 }),
    odd({ method: "GET", status: 200 }),
    odd("not an object" as never),
  ]);
  expect(s.requests).toEqual([
    { method: "OTHER", path: "/a", status: "2xx", maxMs: 0 },
    { method: "GET", path: "/b", status: "2xx", maxMs: 0 },
    { method: "GET", path: "/c", status: "2xx", maxMs: 86_400_000 },
  ]);
});

test(`a batch indexes at most ${REQUESTS_INDEXED_PER_BATCH} distinct requests, the first seen`, () => {
  const events: unknown[] = [meta(T0, "https://shop.example/")];
  for (let i = 0; i < REQUESTS_INDEXED_PER_BATCH + 50; i++)
    events.push(networkRequest(T0 + i + 1, "GET", `/api/e${String.fromCharCode(97 + (i % 26))}${i}x`, 200));
  const s = summarize(events);
  expect(s.requests).toHaveLength(REQUESTS_INDEXED_PER_BATCH);
  expect(s.requests[0]!.path).toBe("/api/ea0x");
});

test("past the per-session cap, new requests are not indexed but known ones still are", () => {
  const r = (path: string) => ({ method: "GET", path, status: "2xx" as const, maxMs: 1 });
  const known = r("/known");
  const fresh = new Set(["GET /new-1 2xx", "GET /new-2 2xx"]);
  const near = requestsToIndex([known, r("/new-1"), r("/new-2")], fresh, REQUESTS_INDEXED_PER_SESSION - 1);
  expect(near).toEqual({ requests: [known, r("/new-1")], added: 1 });
  const full = requestsToIndex([known, r("/new-1")], fresh, REQUESTS_INDEXED_PER_SESSION);
  expect(full).toEqual({ requests: [known], added: 0 });
});

import { expect, test } from "vitest";
import { requestFigures } from "@/lib/analytics/request-figures";
import type { RequestSummary } from "@/lib/captured-requests";

const r = (
  method: string,
  path: string,
  status: RequestSummary["status"],
  maxMs: number,
): RequestSummary => ({
  method,
  path,
  status,
  maxMs,
});

test("per method and path: sessions, sessions where it failed or answered 5xx, sessions with a call of 1 s or more", () => {
  const rows = requestFigures([
    // One session whose POST answered both 200 and 500: one session, one with an error.
    [
      r("POST", "/api/cart", "2xx", 120),
      r("POST", "/api/cart", "5xx", 80),
      r("GET", "/api/search", "2xx", 1500),
    ],
    [r("POST", "/api/cart", "2xx", 90), r("GET", "/api/search", "2xx", 200)],
    [r("POST", "/api/cart", "failed", 30_000)],
    [r("GET", "/api/cart", "4xx", 50)],
  ]);
  expect(rows).toEqual([
    {
      method: "POST",
      path: "/api/cart",
      sessions: 3,
      errorSessions: 2,
      errorRate: 2 / 3,
      slowSessions: 1,
      slowestMs: 30_000,
    },
    {
      method: "GET",
      path: "/api/search",
      sessions: 2,
      errorSessions: 0,
      errorRate: 0,
      slowSessions: 1,
      slowestMs: 1500,
    },
    // A 4xx is the client's doing: not counted as an error here.
    {
      method: "GET",
      path: "/api/cart",
      sessions: 1,
      errorSessions: 0,
      errorRate: 0,
      slowSessions: 0,
      slowestMs: 50,
    },
  ]);
});

test("the top rows only, most sessions first; no sessions, no rows", () => {
  const many = Array.from({ length: 20 }, (_, i) =>
    Array.from({ length: i + 1 }, () => [r("GET", `/api/p${i}`, "2xx", 10)]),
  ).flat();
  const rows = requestFigures(many, 5);
  expect(rows.map((x) => x.path)).toEqual(["/api/p19", "/api/p18", "/api/p17", "/api/p16", "/api/p15"]);
  expect(requestFigures([])).toEqual([]);
});

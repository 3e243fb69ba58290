import { describe, expect, test } from "vitest";
import type { Filter } from "@/lib/search/filter";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";
import { searchForRequest } from "@/lib/search/request-search";
import { requestSearchSuite } from "./requests-suite";

/** Searching by captured request on the embedded store, and the terms of the search language. */

requestSearchSuite();

describe("the search language", () => {
  const roundTrip = (search: string) => {
    const filter = parseSearch(search);
    expect(parseSearch(printSearch(filter))).toEqual(filter);
    return filter;
  };

  test("request terms parse into one condition with their qualifiers, and print back", () => {
    const f = roundTrip('request:"post /api/orders/12" status:5XX slow:>1s');
    expect(f.expr).toEqual({
      kind: "request",
      method: "POST",
      path: "/api/orders/:id",
      status: "5xx",
      slow: { op: ">", value: 1000 },
    });
    expect(printSearch(f)).toBe('request:"POST /api/orders/:id" status:5xx slow:>1s');
    for (const s of [
      "request:/a status:5xx request:/b status:5xx",
      "request:/a (status:5xx)",
      "request:/a status:4xx status:5xx",
      "status:5xx slow:>=300ms",
      "-(request:/a status:5xx) user:bob",
      "request:DELETE status:failed",
      "request:/a user:bob slow:>2s OR status:failed",
    ])
      roundTrip(s);
  });

  test("qualifiers bind to the request before them only", () => {
    const f = parseSearch("request:/a status:5xx (status:4xx) user:bob slow:>1s") as Filter;
    expect(f.expr).toEqual({
      kind: "and",
      items: [
        { kind: "request", path: "/a", status: "5xx", slow: { op: ">", value: 1000 } },
        { kind: "request", status: "4xx" },
        { kind: "person", value: "bob" },
      ],
    });
  });

  test.each([
    ["status:6xx", 7, "one of 1xx, 2xx, 3xx, 4xx, 5xx, failed"],
    ["status:500", 7, "one of 1xx, 2xx, 3xx, 4xx, 5xx, failed"],
    ["slow:<1s", 5, "slow:>1s or slow:>=500ms"],
    ["slow:>fast", 6, "a number with a unit: 30s, 5m, 2h, 1d"],
    [
      'request:"POST GET /a"',
      8,
      'a path like /api/cart, or a method and a path in quotes: request:"POST /api/cart"',
    ],
    [
      'request:"/a /b"',
      8,
      'a path like /api/cart, or a method and a path in quotes: request:"POST /api/cart"',
    ],
    ["request:p0st", 8, 'a path like /api/cart, or a method and a path in quotes: request:"POST /api/cart"'],
    ["requests:/a", 0, "request:"],
  ])("%s is refused at %i, expecting %s", (search, position, expected) => {
    let error: unknown;
    try {
      parseSearch(search);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SearchSyntaxError);
    expect((error as SearchSyntaxError).position).toBe(position);
    expect((error as SearchSyntaxError).expected).toBe(expected);
  });
});

test("the network panel's link searches for the same request: method, path with ids blanked, status class", () => {
  const q = searchForRequest({ method: "post", url: "https://shop.example/api/orders/42?x=1", status: 503 });
  expect(q).toBe('request:"POST /api/orders/:id" status:5xx');
  expect(parseSearch(q!).expr).toEqual({
    kind: "request",
    method: "POST",
    path: "/api/orders/:id",
    status: "5xx",
  });
  expect(searchForRequest({ method: "GET", url: "/api/search", status: 0 })).toBe(
    'request:"GET /api/search" status:failed',
  );
  expect(searchForRequest({ method: "GET", url: "data:text/plain,x", status: 200 })).toBeNull();
});

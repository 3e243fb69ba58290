import { expect, test } from "vitest";
import { requestControls } from "@/components/recordings/filter-controls";
import { findTerm, setTerm } from "@/lib/search/edit";
import { parseSearch } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";

/** The Request, Status and Slow menus edit ONE request term of the search, as the search box writes it. */

const present = {
  request: [
    { value: "POST /api/cart", sessions: 3 },
    { value: "GET /api/search", sessions: 1 },
  ],
};

function choose(q: string, label: string, value: string): string {
  const filter = parseSearch(q);
  const control = requestControls(present, filter).find((c) => c.label === label)!;
  const current = findTerm(filter, control.match);
  return printSearch(setTerm(filter, control.match, control.edit!(value, current)));
}

function shown(q: string): Record<string, string> {
  const filter = parseSearch(q);
  return Object.fromEntries(
    requestControls(present, filter).map((c) => {
      const term = findTerm(filter, c.match);
      return [c.label, term ? c.read(term) : ""];
    }),
  );
}

test("choosing a request, then a status, then a slow threshold builds one term", () => {
  const a = choose("device:mobile", "Request", "POST /api/cart");
  expect(a).toBe('device:mobile request:"POST /api/cart"');
  const b = choose(a, "Status", "5xx");
  expect(b).toBe('device:mobile request:"POST /api/cart" status:5xx');
  const c = choose(b, "Slow", ">1000");
  expect(c).toBe('device:mobile request:"POST /api/cart" status:5xx slow:>1s');
  expect(shown(c)).toEqual({ Request: "POST /api/cart", Status: "5xx", Slow: ">1000" });
  // The printed search reads back as one request term with all three parts.
  const terms = parseSearch(c).expr;
  expect(terms?.kind === "and" && terms.items.filter((t) => t.kind === "request")).toEqual([
    { kind: "request", method: "POST", path: "/api/cart", status: "5xx", slow: { op: ">", value: 1000 } },
  ]);
});

test("changing one part keeps the others; clearing every part removes the term", () => {
  const q = 'request:"POST /api/cart" status:5xx slow:>1s';
  expect(choose(q, "Request", "GET /api/search")).toBe('request:"GET /api/search" status:5xx slow:>1s');
  expect(choose(q, "Request", "")).toBe("status:5xx slow:>1s");
  expect(choose("status:5xx", "Status", "")).toBe("");
  expect(choose(q, "Slow", "")).toBe('request:"POST /api/cart" status:5xx');
});

test("what was typed in the search box shows in the menus, unknown values included", () => {
  expect(shown("request:/api/orders/123 slow:>=250ms")).toEqual({
    Request: "/api/orders/:id",
    Status: "",
    Slow: ">=250",
  });
  const filter = parseSearch("slow:>=250ms");
  const slow = requestControls(present, filter).find((c) => c.label === "Slow")!;
  expect(slow.describe!(">=250")).toBe("At least 250 ms");
});

test("without captured requests and no request in the search, no request menus", () => {
  expect(requestControls({}, parseSearch("device:mobile"))).toEqual([]);
  expect(requestControls({}, parseSearch("status:5xx")).map((c) => c.label)).toEqual([
    "Request",
    "Status",
    "Slow",
  ]);
});

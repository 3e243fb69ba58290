import { describe, expect, test } from "vitest";
import type { Expr, Filter } from "@/lib/search/filter";
import { parseSearch, SearchSyntaxError, suggestKey } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const DAY = 86_400_000;
const only = (expr: Expr | null, extra: Partial<Filter> = {}): Filter => ({ expr, ...extra });
const person = (value: string): Expr => ({ kind: "person", value });
const text = (value: string): Expr => ({ kind: "text", value });
const num = (
  field: "duration" | "active" | "pages" | "clicks" | "errors" | "events" | "interaction",
  op: ">" | ">=" | "<" | "<=" | "=",
  value: number,
): Expr => ({ kind: "number", field, op, value });
const has = (value: "errors" | "console_errors"): Expr => ({ kind: "has", value });
const signal = (value: "rage" | "dead" | "thrash" | "uturn" | "errorclick"): Expr => ({
  kind: "signal",
  value,
});
const facet = (field: "browser" | "os" | "device" | "country", value: string): Expr => ({
  kind: "facet",
  field,
  value,
});
const page = (mode: "prefix" | "equals" | "contains", value: string): Expr => ({ kind: "page", mode, value });
const event = (name: string): Expr => ({ kind: "event", name });
const all = (...items: Expr[]): Expr => ({ kind: "and", items });
const any = (...items: Expr[]): Expr => ({ kind: "or", items });
const not = (item: Expr): Expr => ({ kind: "not", item });

const valid: [string, Filter][] = [
  ["", only(null)],
  ["   ", only(null)],
  ["user:alice@example.com", only(person("alice@example.com"))],
  ["person:u_123", only(person("u_123"))],
  ['user:"Alice Smith"', only(person("Alice Smith"))],
  ["has:errors", only(has("errors"))],
  ["has:error", only(has("errors"))],
  ["has:console_errors", only(has("console_errors"))],
  ["has:console_error", only(has("console_errors"))],
  ["page:/checkout", only(page("prefix", "/checkout"))],
  ["page:=/checkout", only(page("equals", "/checkout"))],
  ["page:~pay", only(page("contains", "pay"))],
  ["page:checkout", only(page("contains", "checkout"))],
  ["url:/pricing", only(page("prefix", "/pricing"))],
  ["page:/a-b/c_d", only(page("prefix", "/a-b/c_d"))],
  [
    "path:/demo>/demo/checkout>/demo",
    only({ kind: "path", steps: ["/demo", "/demo/checkout", "/demo"], exact: false }),
  ],
  ["path:/pricing$", only({ kind: "path", steps: ["/pricing"], exact: true })],
  ["path:*>*>/checkout", only({ kind: "path", steps: ["*", "*", "/checkout"], exact: false })],
  [
    "path:**>/pricing>*>/checkout",
    only({ kind: "path", steps: ["**", "/pricing", "*", "/checkout"], exact: false }),
  ],
  ["path:^>/pricing>/checkout$", only({ kind: "path", steps: ["^", "/pricing", "/checkout"], exact: true })],
  ["duration:>5m", only(num("duration", ">", 300_000))],
  ["duration:>=30s", only(num("duration", ">=", 30_000))],
  ["duration:<2h", only(num("duration", "<", 7_200_000))],
  ["duration:<=1d", only(num("duration", "<=", DAY))],
  ["duration:90", only(num("duration", ">=", 90_000))],
  ["duration:1.5m", only(num("duration", ">=", 90_000))],
  ["duration:=500ms", only(num("duration", "=", 500))],
  // Free durations: several units summed, a space inside quotes, "min" for minutes.
  ["duration:>90s", only(num("duration", ">", 90_000))],
  ["duration:>2m30s", only(num("duration", ">", 150_000))],
  ['duration:>"2m 30s"', only(num("duration", ">", 150_000))],
  ['duration:<"1h 5m"', only(num("duration", "<", 3_900_000))],
  ["duration:>=3min", only(num("duration", ">=", 180_000))],
  ["active:>1m500ms", only(num("active", ">", 60_500))],
  ["interaction:>3s", only(num("interaction", ">", 3_000))],
  ["interaction:<=500ms", only(num("interaction", "<=", 500))],
  ["active:>1m", only(num("active", ">", 60_000))],
  ["pages:>=3", only(num("pages", ">=", 3))],
  ["pages:3", only(num("pages", ">=", 3))],
  ["pages:=1", only(num("pages", "=", 1))],
  ["clicks:>10", only(num("clicks", ">", 10))],
  ["errors:>=2", only(num("errors", ">=", 2))],
  ["events:<100", only(num("events", "<", 100))],
  ["browser:safari", only(facet("browser", "safari"))],
  ["browser:Chrome", only(facet("browser", "chrome"))],
  ["os:ios", only(facet("os", "ios"))],
  ["device:mobile", only(facet("device", "mobile"))],
  ["device:Tablet", only(facet("device", "tablet"))],
  ["country:DE", only(facet("country", "DE"))],
  ["country:fr", only(facet("country", "FR"))],
  ["event:payment_failed", only(event("payment_failed"))],
  ["event:$exception", only(event("$exception"))],
  ['event:"checkout started"', only(event("checkout started"))],
  ["signal:rage", only(signal("rage"))],
  ["signal:dead", only(signal("dead"))],
  ["signal:thrash", only(signal("thrash"))],
  ["signal:u-turn", only(signal("uturn"))],
  ["signal:error_click", only(signal("errorclick"))],
  ["prop:plan=growth", only({ kind: "prop", key: "plan", value: "growth" })],
  ['prop:"company=Acme Inc"', only({ kind: "prop", key: "company", value: "Acme Inc" })],
  ["tag:confirmed-bug", only({ kind: "tag", value: "confirmed-bug" })],
  ["checkout", only(text("checkout"))],
  ['"thank you"', only(text("thank you"))],
  ["after:2026-11-01", only(null, { after: Date.UTC(2026, 10, 1) })],
  ["before:7d", only(null, { before: NOW - 7 * DAY })],
  ["after:12h", only(null, { after: NOW - 12 * 3_600_000 })],
  [
    "after:2026-11-01 before:2026-11-10",
    only(null, { after: Date.UTC(2026, 10, 1), before: Date.UTC(2026, 10, 10) }),
  ],
  ["has:errors page:/checkout", only(all(has("errors"), page("prefix", "/checkout")))],
  ["has:errors AND page:/checkout", only(all(has("errors"), page("prefix", "/checkout")))],
  ["browser:safari OR browser:firefox", only(any(facet("browser", "safari"), facet("browser", "firefox")))],
  ["a OR b OR c", only(any(text("a"), text("b"), text("c")))],
  ["a b OR c", only(any(all(text("a"), text("b")), text("c")))],
  ["a (b OR c)", only(all(text("a"), any(text("b"), text("c"))))],
  ["-has:errors", only(not(has("errors")))],
  ["NOT has:errors", only(not(has("errors")))],
  ["NOT (a OR b)", only(not(any(text("a"), text("b"))))],
  ["-(device:mobile)", only(not(facet("device", "mobile")))],
  ["signal:rage -country:DE", only(all(signal("rage"), not(facet("country", "DE"))))],
  ["((a))", only(text("a"))],
  [
    "user:alice@example.com has:errors page:/checkout duration:>5m pages:>=3 browser:safari device:mobile country:DE event:payment_failed signal:rage prop:plan=growth after:2026-11-01 before:7d",
    only(
      all(
        person("alice@example.com"),
        has("errors"),
        page("prefix", "/checkout"),
        num("duration", ">", 300_000),
        num("pages", ">=", 3),
        facet("browser", "safari"),
        facet("device", "mobile"),
        facet("country", "DE"),
        event("payment_failed"),
        signal("rage"),
        { kind: "prop", key: "plan", value: "growth" },
      ),
      { after: Date.UTC(2026, 10, 1), before: NOW - 7 * DAY },
    ),
  ],
  [
    "(browser:safari OR browser:firefox) has:errors",
    only(all(any(facet("browser", "safari"), facet("browser", "firefox")), has("errors"))),
  ],
];

const malformed: [string, number, RegExp][] = [
  ["usr:alice", 0, /Unknown key "usr"; did you mean "user:"\?/],
  ["brwoser:safari", 0, /did you mean "browser:"/],
  ["zzzzzz:1", 0, /Unknown key "zzzzzz"/],
  ["has:", 4, /Expected a value/],
  ["has:warnings", 4, /Unknown has: value "warnings"/],
  ["signal:angry", 7, /Unknown signal "angry"/],
  ["device:watch", 7, /Unknown device "watch"/],
  ["country:Germany", 8, /not a two-letter country code/],
  ["duration:>", 10, /Expected a duration/],
  ["duration:>5y", 10, /not a duration/],
  ["duration:fast", 9, /not a duration/],
  ["duration:>5m5m", 10, /not a duration/],
  ["duration:>2m30", 10, /not a duration/],
  ["duration:>m", 10, /not a duration/],
  ["pages:>=x", 8, /not a whole number/],
  ["pages:2.5", 6, /not a whole number/],
  ["after:yesterday", 6, /not a date/],
  ["before:2026-13", 7, /not a date/],
  ["prop:plan", 5, /prop:name=value/],
  ["path:/a>checkout", 8, /"checkout" is not a page path/],
  ["path:/a>>/b", 8, /"" is not a page path/],
  ["path:/1>/2>/3>/4>/5>/6>/7>/8>/9>/10>/11", 5, /at most 10 steps/],
  ["path:**>/a>*", 5, /after "\*\*" ends on a page/],
  ["path:^", 5, /after "\^" ends on a page/],
  ["path:/a>**>/b", 8, /"\*\*" is not a page path/],
  ["prop:=x", 5, /prop:name=value/],
  ['user:"alice', 5, /Unclosed quote/],
  ["(a OR b", 7, /Expected \)/],
  ["a OR b)", 6, /Unmatched \)/],
  ["a OR", 4, /after OR/],
  ["a AND", 5, /after AND/],
  ["OR a", 0, /Unexpected OR/],
  ["()", 1, /Unexpected \)/],
  ["NOT", 3, /Expected a search term/],
  ['""', 0, /Empty quoted text/],
  ["a OR after:7d", 2, /cannot be part of an OR/],
];

describe("search language", () => {
  test.each(valid)("%j parses", (query, expected) => {
    expect(parseSearch(query, NOW)).toEqual(expected);
  });

  test.each(malformed)("%j fails at %i", (query, position, message) => {
    let error: unknown;
    try {
      parseSearch(query, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SearchSyntaxError);
    expect((error as SearchSyntaxError).message).toMatch(message);
    expect((error as SearchSyntaxError).position).toBe(position);
  });

  test.each(valid)("%j survives filter → query → filter", (query) => {
    const filter = parseSearch(query, NOW);
    expect(parseSearch(printSearch(filter), NOW)).toEqual(filter);
  });

  test("a very long search is refused", () => {
    expect(() => parseSearch("a ".repeat(1500))).toThrow(SearchSyntaxError);
  });

  test("unknown keys far from every known key get no suggestion", () => {
    expect(suggestKey("qqqqqqqqq")).toBeNull();
    expect(suggestKey("signl")).toBe("signal");
  });
});

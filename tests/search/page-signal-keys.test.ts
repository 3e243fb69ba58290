import { expect, test } from "vitest";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";

/** The Web Vitals and form keys of the search language (docs/SEARCH.md). */

const expr = (q: string) => parseSearch(q).expr;

test("vitals compare durations (ms or s) and CLS as a plain score", () => {
  expect(expr("lcp:>2.5s")).toEqual({ kind: "number", field: "lcp", op: ">", value: 2500 });
  expect(expr("inp:>200ms")).toEqual({ kind: "number", field: "inp", op: ">", value: 200 });
  expect(expr("ttfb:<=800ms")).toEqual({ kind: "number", field: "ttfb", op: "<=", value: 800 });
  expect(expr("fcp:3s")).toEqual({ kind: "number", field: "fcp", op: ">=", value: 3000 });
  expect(expr("cls:>0.1")).toEqual({ kind: "number", field: "cls", op: ">", value: 0.1 });
});

test("has:poor_vitals, has:form_submit and form: parse", () => {
  expect(expr("has:poor_vitals")).toEqual({ kind: "has", value: "poor_vitals" });
  expect(expr("has:form_submit")).toEqual({ kind: "has", value: "form_submit" });
  expect(expr("has:form")).toEqual({ kind: "has", value: "form_submit" });
  expect(expr('form:"sign up"')).toEqual({ kind: "form", value: "sign up" });
});

test("bad values say what was expected", () => {
  for (const [q, expected] of [
    ["lcp:>fast", "a number with a unit: 30s, 5m, 2h, 1d"],
    ["cls:>high", "a number like 0.1"],
    ["cls:>1000", "a number like 0.1"],
    ["has:slow", "one of errors, console_errors, error_then_exit, poor_vitals, form_submit"],
  ] as const) {
    try {
      parseSearch(q);
      expect.unreachable(q);
    } catch (error) {
      expect(error).toBeInstanceOf(SearchSyntaxError);
      expect((error as SearchSyntaxError).expected).toBe(expected);
    }
  }
});

test("printing gives back the same filter", () => {
  for (const q of ["lcp:>2.5s", "inp:>200ms cls:>0.25", "has:poor_vitals -form:checkout", "ttfb:<1800ms"]) {
    const filter = parseSearch(q);
    expect(parseSearch(printSearch(filter))).toEqual(filter);
  }
});

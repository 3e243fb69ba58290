import { expect, test } from "vitest";
import { findTerm, setTerm } from "@/lib/search/edit";
import { parseSearch } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";

const isDevice = (c: { kind: string; field?: string }) => c.kind === "facet" && c.field === "device";

test("a control reads its term from the search", () => {
  expect(findTerm(parseSearch("has:errors device:mobile"), isDevice)).toEqual({
    kind: "facet",
    field: "device",
    value: "mobile",
  });
  expect(findTerm(parseSearch("has:errors"), isDevice)).toBeNull();
  // A term inside an OR is not the control's to own.
  expect(findTerm(parseSearch("device:mobile OR has:errors"), isDevice)).toBeNull();
});

test("setting a term replaces the control's own term and keeps the rest of the search", () => {
  const next = setTerm(parseSearch("has:errors device:mobile page:/checkout"), isDevice, {
    kind: "facet",
    field: "device",
    value: "tablet",
  });
  expect(printSearch(next)).toBe("has:errors page:/checkout device:tablet");
});

test("clearing a term removes it, and an empty search stays empty", () => {
  expect(printSearch(setTerm(parseSearch("device:mobile"), isDevice, null))).toBe("");
  expect(printSearch(setTerm(parseSearch("after:2026-11-01 device:mobile"), isDevice, null))).toBe(
    "after:2026-11-01T00:00:00.000Z",
  );
});

test("a search with an OR at the top gains the new term beside it", () => {
  const next = setTerm(parseSearch("a OR b"), isDevice, { kind: "facet", field: "device", value: "mobile" });
  expect(printSearch(next)).toBe("(a OR b) device:mobile");
});

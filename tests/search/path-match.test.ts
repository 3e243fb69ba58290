import { expect, test } from "vitest";
import { pathMatches } from "@/lib/url-path";

const visit = ["/", "/pricing", "/checkout", "/docs", "/checkout"];

test("plain steps begin at the visit's first page; $ means nothing came after", () => {
  expect(pathMatches(visit, ["/", "*", "/checkout"], false)).toBe(true);
  expect(pathMatches(visit, ["/pricing"], false)).toBe(false);
  expect(pathMatches(visit, ["/", "*", "/checkout"], true)).toBe(false);
  expect(pathMatches(visit, ["/", "*", "*", "*", "/checkout"], true)).toBe(true);
});

test("after ** the steps end at the visit's first arrival at the last page", () => {
  expect(pathMatches(visit, ["**", "/pricing", "/checkout"], false)).toBe(true);
  expect(pathMatches(visit, ["**", "/", "*", "/checkout"], false)).toBe(true);
  // /docs came before the second arrival at /checkout, not the first.
  expect(pathMatches(visit, ["**", "/docs", "/checkout"], false)).toBe(false);
  expect(pathMatches(visit, ["**", "/checkout"], false)).toBe(true);
  expect(pathMatches(visit, ["**", "/signup"], false)).toBe(false);
  // More steps than pages before the arrival.
  expect(pathMatches(visit, ["**", "*", "*", "/pricing"], false)).toBe(false);
});

test("^ asks that the visit began on the first step, and $ that it left at the last", () => {
  expect(pathMatches(visit, ["^", "/", "*", "/checkout"], false)).toBe(true);
  expect(pathMatches(visit, ["^", "/pricing", "/checkout"], false)).toBe(false);
  expect(pathMatches(visit, ["^", "*", "/pricing"], true)).toBe(false);
  expect(pathMatches(["/a", "/b"], ["^", "*", "/b"], true)).toBe(true);
  expect(pathMatches(["/a", "/b"], ["**", "/b"], true)).toBe(true);
  // A plain path whose * is the page itself differs: it counts a later arrival.
  expect(pathMatches(["/a", "/end", "/b", "/end"], ["/a", "*", "*", "/end"], false)).toBe(true);
  expect(pathMatches(["/a", "/end", "/b", "/end"], ["^", "/a", "*", "*", "/end"], false)).toBe(false);
});

test("pages compare as the search compares them: case aside, typed paths encoded", () => {
  expect(pathMatches(["/Caf%C3%A9", "/Pay"], ["**", "/café", "/pay"], false)).toBe(true);
});

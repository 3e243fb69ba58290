import { expect, test } from "vitest";
import { isSampled, unitHash, uuidv7 } from "../src/shared";

test("the sampling decision depends only on the session id", () => {
  const id = uuidv7();
  const first = isSampled(id, 0.3);
  for (let i = 0; i < 20; i++) expect(isSampled(id, 0.3)).toBe(first);
});

test("rate 1 records everything, rate 0 nothing", () => {
  const ids = Array.from({ length: 200 }, () => uuidv7());
  expect(ids.every((id) => isSampled(id, 1))).toBe(true);
  expect(ids.some((id) => isSampled(id, 0))).toBe(false);
});

test("about the given share of sessions is sampled", () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => uuidv7(1_800_000_000_000 + i));
  const share = ids.filter((id) => isSampled(id, 0.25)).length / ids.length;
  expect(share).toBeGreaterThan(0.22);
  expect(share).toBeLessThan(0.28);
});

test("the hash spreads over [0, 1)", () => {
  const values = Array.from({ length: 1000 }, (_, i) => unitHash(`s-${i}`));
  expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...values)).toBeLessThan(1);
});

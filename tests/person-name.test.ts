import { expect, test } from "vitest";
import { isAnonymous, personName } from "@/lib/person-name";

test("an anonymous visitor gets a readable name that is the same every time", () => {
  const id = "anon-01936f2a-7b4c-7d2e-9f00-0123456789ab";
  expect(personName(id)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{1,2}$/);
  expect(personName(id)).toBe(personName(id));
});

test("an identified person keeps their own id", () => {
  expect(personName("dana@shop.example")).toBe("dana@shop.example");
  expect(isAnonymous("dana@shop.example")).toBe(false);
});

test("visitors whose ids differ only in the last characters get different names", () => {
  const base = "anon-01936f2a-7b4c-7d2e-9f00-0123456789";
  const names = new Set(
    Array.from({ length: 200 }, (_, i) => personName(`${base}${i.toString(16).padStart(2, "0")}`)),
  );
  // 409,600 names: 200 visitors sharing a time prefix should almost never collide.
  expect(names.size).toBeGreaterThanOrEqual(198);
});

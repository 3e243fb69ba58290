import { expect, test } from "vitest";
import { funnelFields, NEW_FUNNEL, toFields } from "@/components/funnels/funnel-editor";
import { blankStep } from "@/components/funnels/step-editor";

const problems = (input: unknown) => {
  const parsed = funnelFields.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};
const base = toFields(NEW_FUNNEL);

test("a definition goes to the form and back unchanged", () => {
  const def = {
    name: "Checkout",
    steps: [
      { kind: "pageview" as const, url: { mode: "prefix" as const, value: "/shop" }, where: [] },
      {
        kind: "form" as const,
        form: "pay",
        where: [{ key: "plan", op: "not_equals" as const, value: "free" }],
      },
      { kind: "event" as const, name: "paid", where: [] },
    ],
    windowMs: 7 * 86_400_000,
    range: { kind: "between" as const, from: 1000, to: 2000 },
    breakdown: { kind: "prop" as const, key: "plan" },
  };
  expect(funnelFields.parse(toFields(def))).toEqual(def);
  expect(funnelFields.parse(toFields({ ...def, breakdown: undefined }))).not.toHaveProperty("breakdown");
});

test("any page is no URL condition; an empty condition is none", () => {
  const any = { ...blankStep("pageview"), url: { mode: "any" as const, value: "/ignored" } };
  const blankCondition = { ...blankStep("form"), where: [{ key: " ", op: "equals" as const, value: "x" }] };
  expect(funnelFields.parse({ ...base, steps: [any, blankCondition] }).steps).toEqual([
    { kind: "pageview", url: undefined, where: [] },
    { kind: "form", form: "", where: [] },
  ]);
});

test("errors land on the box that caused them", () => {
  expect(problems(base)).toEqual(["steps.1.name: Name the event."]);
  const named = { ...blankStep("event"), name: "paid" };
  expect(problems({ ...base, steps: [named, named], breakdown: "prop", breakdownKey: " " })).toEqual([
    "breakdownKey: Name the person property.",
  ]);
  expect(problems({ ...base, steps: [named] })).toEqual(["steps: A funnel has at least two steps."]);
  const noPath = { ...blankStep("pageview"), url: { mode: "prefix" as const, value: " " } };
  expect(problems({ ...base, steps: [noPath, named] })).toEqual([
    "steps.0.url.value: Type a path, or choose Any page.",
  ]);
  expect(problems({ ...base, steps: [named, named], windowMs: String(91 * 86_400_000) })).toEqual([
    "windowMs: The conversion window is at most 90 days.",
  ]);
});

import { expect, test } from "vitest";
import { cohortFields } from "@/components/persons/cohort-form";

const row = (key: string, value = "") => ({ key, op: "equals" as const, value });
const base = { name: "Growth", properties: [row("")], days: "", sessions: "" };
const problems = (input: unknown) => {
  const parsed = cohortFields.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

test("an empty property row is no condition; typed counts become numbers", () => {
  expect(cohortFields.parse({ ...base, properties: [row(" plan ", "growth"), row("")], days: "7" })).toEqual({
    name: "Growth",
    properties: [row("plan", "growth")],
    days: 7,
    sessions: undefined,
  });
});

test("a cohort without any condition is refused under its conditions", () => {
  expect(problems(base)).toEqual(["properties: Give the cohort at least one condition."]);
  expect(problems({ ...base, sessions: "3" })).toEqual([]);
});

test("counts are whole numbers in range, and names keep out what the search language cannot quote", () => {
  for (const days of ["0", "1.5", "3651", "-2", "x"]) {
    expect(problems({ ...base, days, sessions: "1" })).toEqual(["days: A whole number from 1 to 3,650."]);
  }
  expect(problems({ ...base, name: 'say "hi"', sessions: "1" })).toEqual([
    "name: A cohort name cannot contain quotes or backslashes.",
  ]);
  expect(problems({ ...base, name: "  ", sessions: "1" })[0]).toBe("name: Name the cohort.");
});

import { expect, test } from "vitest";
import { mutationStorms, stormProblem } from "@/lib/replay/health";

const custom = (tag: string, payload: unknown, timestamp: number) => ({
  type: 5,
  timestamp,
  data: { tag, payload },
});

test("mutation storms are read from the recorder's markers, and only from them", () => {
  const events = [
    { type: 2, timestamp: 1, data: { node: {} } },
    custom("$pageview", { url: "https://x/" }, 2),
    custom("$mutation-storm", { nodes: 24_600, windowMs: 1000 }, 3),
    custom("$mutation-storm", { nodes: "bad" }, 4),
  ];
  expect(mutationStorms(events)).toEqual([
    { at: 3, nodes: 24_600 },
    { at: 4, nodes: 0 },
  ]);
});

test("the player's sentence names the bursts and what the replay does about them", () => {
  expect(stormProblem([])).toBeNull();
  expect(stormProblem([{ at: 1, nodes: 24_600 }])).toBe(
    "The page changed 24,600 elements in a burst; the recorder paused and took a fresh snapshot once the page settled, so the replay jumps over that burst instead of showing each change.",
  );
  expect(
    stormProblem([
      { at: 1, nodes: 20_000 },
      { at: 9, nodes: 30_000 },
    ]),
  ).toContain("50,000 elements in 2 bursts");
});

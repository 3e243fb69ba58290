import { expect, test } from "vitest";
import { nextTask } from "../src/serialize";
import { finishSnapshots, MUTATION_SLICE_MS, mutationSlices } from "../src/sliced-snapshot";

// rrweb's emit (sdk/rrweb-slim.mjs, sliceMutations) hands the rest of a burst to `later`: it must
// run in a later task, budgeted, and at once (run(true)) when the page is hidden.

test("the rest of a burst runs in a later task, with the slice budget", async () => {
  const calls: (boolean | undefined)[] = [];
  mutationSlices.later((all) => calls.push(all));
  expect(calls).toEqual([]);
  await nextTask();
  await nextTask();
  expect(calls).toEqual([undefined]);
  expect(mutationSlices.ms).toBe(MUTATION_SLICE_MS);
});

test("a hidden page finishes the rest at once, and only once", async () => {
  const calls: (boolean | undefined)[] = [];
  mutationSlices.later((all) => calls.push(all));
  finishSnapshots();
  expect(calls).toEqual([true]);
  await nextTask();
  await nextTask();
  expect(calls).toEqual([true]);
});

import { afterEach, expect, test } from "vitest";
import { AT_THE_CAPS, SHAPES } from "@/bench/adversarial-shapes";
import { heatOf } from "@/lib/ingest/heat";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { summarizeBatch } from "@/lib/ingest/summarize";

/**
 * Summarize's and heat's work grows linearly (or n log n) in a batch's events, on the shapes that
 * once made it quadratic. Work is counted, not timed: every element an array method walks (some,
 * filter, find, includes, splice, …) and n·log2 n per sort, summed while one batch is summarized
 * or its heat worked out.
 */

const WALKERS = [
  "some",
  "every",
  "find",
  "findIndex",
  "findLast",
  "filter",
  "map",
  "flatMap",
  "forEach",
  "reduce",
  "includes",
  "indexOf",
  "slice",
  "concat",
  "reverse",
  "splice",
] as const;

let restore: (() => void) | null = null;
afterEach(() => restore?.());

function countWork(run: () => void): number {
  let steps = 0;
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const name of [...WALKERS, "sort"]) {
    const original = proto[name]!;
    originals.set(name, original);
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      steps += name === "sort" ? this.length * Math.log2(this.length + 1) : this.length;
      return original.apply(this, args);
    };
  }
  restore = () => {
    for (const [name, original] of originals) proto[name] = original;
    restore = null;
  };
  try {
    run();
  } finally {
    restore();
  }
  return steps;
}

const T0 = Date.now() - 3_600_000;

test.each([...SHAPES, ...AT_THE_CAPS].map((s) => [s.name, s] as const))(
  "summarizing %s: twice the events, about twice the work",
  (_name, shape) => {
    const work = (n: number) => {
      const events = shape.events(n, T0) as RrwebEvent[];
      return countWork(() => summarizeBatch(events));
    };
    const small = work(4_000);
    const large = work(8_000);
    // Linear gives 2, n log n a little more; the quadratic steps this guards against gave 4.
    expect(large / small).toBeLessThan(2.5);
  },
);

test.each([...SHAPES, ...AT_THE_CAPS].map((s) => [s.name, s] as const))(
  "the heat of %s: twice the events, about twice the work",
  (_name, shape) => {
    const work = (n: number) => {
      const events = shape.events(n, T0) as RrwebEvent[];
      const { signals } = summarizeBatch(events);
      return countWork(() => heatOf(events, signals, "https://shop.example/"));
    };
    const small = work(4_000);
    const large = work(8_000);
    expect(large / small).toBeLessThan(2.5);
  },
);

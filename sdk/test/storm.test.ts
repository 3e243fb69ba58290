import { expect, test } from "vitest";
import { estimateSize } from "../src/recorder";
import { StormMeter } from "../src/storm";

const mutation = (adds: number, removes = 0, texts = 0, attributes = 0) => ({
  type: 3,
  data: {
    source: 0,
    adds: Array.from({ length: adds }, () => ({})),
    removes: Array.from({ length: removes }, () => ({})),
    texts: Array.from({ length: texts }, () => ({})),
    attributes: Array.from({ length: attributes }, () => ({})),
  },
});

test("a mutation's estimated size counts its adds, removes, texts and attributes; other events count none", () => {
  expect(estimateSize({ ...mutation(3, 2, 1, 4), timestamp: 0 })).toBe(200 + 10 * 120);
  expect(estimateSize({ type: 3, timestamp: 0, data: { source: 1, positions: [1, 2] } })).toBe(200);
  expect(estimateSize({ type: 2, timestamp: 0, data: { node: {} } })).toBe(128 * 1024);
});

test("a storm is a burst over the threshold within the window, and the meter starts over after one", () => {
  const meter = new StormMeter(1000, 1000);
  expect(meter.add(400, 0)).toBe(0);
  expect(meter.add(400, 500)).toBe(0);
  expect(meter.add(300, 900)).toBe(1100);
  // Counted afresh after the storm.
  expect(meter.add(900, 950)).toBe(0);
});

test("changes spread over more than the window are not a storm", () => {
  const meter = new StormMeter(1000, 1000);
  // At most four additions of 240 fall within any 1 s: 960 stays under 1,000.
  for (let t = 0; t < 10_000; t += 300) expect(meter.add(240, t)).toBe(0);
});

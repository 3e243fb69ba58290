import { expect, test } from "vitest";
import { markedRow } from "@/components/player/follow-list";
import {
  chunkIndexAt,
  chunksFor,
  fastForwardSteps,
  keepsWindow,
  type PlannedChunk,
  startPointOf,
} from "@/lib/replay/checkpoints";
import { viewportAt, viewportChanges } from "@/lib/replay/viewport";

const MIN = 60_000;
/** Six hours in one-minute chunks with a checkpoint 20 s into every fifth minute. */
const sixHours: PlannedChunk[] = Array.from({ length: 360 }, (_, i) => ({
  firstTs: i * MIN,
  lastTs: i * MIN + 59_000,
  full: i % 5 === 0,
  checkpointAt: i % 5 === 0 ? i * MIN + 20_000 : null,
}));

test("a moment in hour 5 needs the chunks from the checkpoint before it, not from the start", () => {
  const at = 5 * 60 * MIN + 7 * MIN + 30_000; // 5:07:30
  expect(chunksFor(sixHours, at)).toEqual({ from: 305, to: 307 });
});

test("a moment between a chunk's start and its checkpoint goes back to the checkpoint before", () => {
  expect(chunksFor(sixHours, 10 * MIN + 5_000)).toEqual({ from: 5, to: 10 });
  expect(chunksFor(sixHours, 10 * MIN + 20_000)).toEqual({ from: 10, to: 10 });
});

test("a moment before the first checkpoint starts from the first chunk", () => {
  expect(chunksFor(sixHours, 3_000)).toEqual({ from: 0, to: 0 });
  expect(chunksFor(sixHours, -5)).toEqual({ from: 0, to: 0 });
});

test("a recording from before checkpoints plays from its first chunk", () => {
  const old = sixHours.map((c) => ({ ...c, full: null, checkpointAt: undefined }));
  expect(chunksFor(old, 5 * 60 * MIN)).toEqual({ from: 0, to: 300 });
});

test("an old chunk holding a full snapshot can start a replay from its end", () => {
  const old: PlannedChunk[] = [
    { firstTs: 0, lastTs: 50, full: true },
    { firstTs: 100, lastTs: 150, full: false },
    { firstTs: 200, lastTs: 250, full: true },
    { firstTs: 300, lastTs: 350, full: false },
  ];
  expect(startPointOf(old[2]!)).toBe(250);
  expect(chunksFor(old, 320)).toEqual({ from: 2, to: 3 });
  expect(chunksFor(old, 220)).toEqual({ from: 0, to: 2 });
});

test("the chunk at a moment is found by its start", () => {
  expect(chunkIndexAt(sixHours, 0)).toBe(0);
  expect(chunkIndexAt(sixHours, 59_999)).toBe(0);
  expect(chunkIndexAt(sixHours, 60_000)).toBe(1);
  expect(chunkIndexAt(sixHours, 10 ** 12)).toBe(359);
  expect(chunkIndexAt([], 5)).toBe(0);
});

test("a window carries on forward while it has the chunks, and starts over for a far or earlier moment", () => {
  // A window from the start, loaded up to chunk 12.
  expect(keepsWindow(sixHours, { from: 0, fedUntil: 12 }, 11 * MIN)).toBe(true);
  expect(keepsWindow(sixHours, { from: 0, fedUntil: 12 }, 30 * MIN)).toBe(false);
  // A deep-link window at the 5 h checkpoint: later moments keep it a while, earlier ones do not.
  expect(keepsWindow(sixHours, { from: 300, fedUntil: 303 }, 302 * MIN)).toBe(true);
  expect(keepsWindow(sixHours, { from: 300, fedUntil: 303 }, 299 * MIN)).toBe(false);
  // Before the window's own checkpoint (20 s into its first chunk).
  expect(keepsWindow(sixHours, { from: 300, fedUntil: 303 }, 300 * MIN + 1_000)).toBe(false);
});

test("a long fast-forward stops every few thousand events; a short one does not", () => {
  const chunks: PlannedChunk[] = Array.from({ length: 10 }, (_, i) => ({
    firstTs: i * 100,
    lastTs: i * 100 + 90,
    full: i === 0,
  }));
  expect(fastForwardSteps(chunks, () => 1000, 0, 950, 2500)).toEqual([290, 590, 890]);
  expect(fastForwardSteps(chunks, () => 10, 0, 950, 2500)).toEqual([]);
});

test("the viewport at a moment is the last one recorded before it", () => {
  const changes = viewportChanges([
    { type: 4, timestamp: 10, data: { href: "/", width: 1280, height: 720 } },
    { type: 3, timestamp: 500, data: { source: 3, x: 0, y: 1 } },
    { type: 3, timestamp: 900, data: { source: 4, width: 800, height: 600 } },
  ]);
  expect(viewportAt(changes, 0)).toEqual({ width: 1280, height: 720 });
  expect(viewportAt(changes, 899)).toEqual({ width: 1280, height: 720 });
  expect(viewportAt(changes, 900)).toEqual({ width: 800, height: 600 });
  expect(viewportAt([], 900)).toBeNull();
});

test("a clicked row stays marked among rows of the same moment, until the playhead moves on", () => {
  const rows = [
    { k: "a", at: 100 },
    { k: "b", at: 200 },
    { k: "c", at: 200 },
    { k: "d", at: 300 },
  ];
  const mark = (now: number, picked: { key: string; at: number } | null) =>
    markedRow(
      rows,
      (r) => r.at,
      now,
      (r) => r.k,
      picked,
    );
  expect(mark(200, null)).toBe("c");
  expect(mark(200, { key: "b", at: 200 })).toBe("b");
  expect(mark(250, { key: "b", at: 200 })).toBe("b");
  expect(mark(300, { key: "b", at: 200 })).toBe("d");
});

import { describe, expect, test } from "vitest";
import {
  CHECKPOINT_STRETCH_EVENTS,
  clockOf,
  type HealthInput,
  recordingHealth,
  replayCauses,
  sequenceGaps,
  unrecoveredRefusals,
  withReplayCauses,
} from "@/lib/replay/health";

/** Every cause the health line names, one at a time and together: "complete" only when none applies. */

type Chunk = HealthInput["chunks"][number];
const chunk = (firstTs: number, seq: number, more: Partial<Chunk> = {}): Chunk => ({
  firstTs,
  lastTs: firstTs + 500,
  seq,
  window: "w",
  full: seq === 0,
  events: 100,
  ...more,
});
const clean = [chunk(10_000, 0), chunk(11_000, 1), chunk(12_000, 2)];
const noReplayCauses = { stylesheets: [], fontsMissing: [], storms: [], unloaded: { failed: 0, of: 3 } };

test("a clean recording is complete, and nothing the replay sees changes that", () => {
  const h = recordingHealth({ chunks: clean, hasFullSnapshot: true, refused: [] });
  expect(h).toMatchObject({ ok: true, line: "complete · 3 chunks · no gaps", causes: [] });
  expect(withReplayCauses(h, replayCauses(noReplayCauses))).toEqual(h);
});

test("a gap says when it happened and how long the recording has nothing", () => {
  const chunks = [chunk(10_000, 0), chunk(11_000, 1), chunk(75_500, 4)];
  expect(sequenceGaps(chunks)).toEqual([
    { window: "w", afterSeq: 1, missing: 2, at: 75_500, length: 64_000 },
  ]);
  const h = recordingHealth({ chunks, hasFullSnapshot: true });
  expect(h.line).toBe("incomplete · 3 chunks · 1 gap");
  expect(h.causes[0]).toMatchObject({ kind: "gaps" });
  expect(h.causes[0]!.why).toContain("at 1:05 for 64 s");
  expect(h.causes[0]!.fix).not.toBe("");
});

test("clock of a moment", () => {
  expect(clockOf(0)).toBe("0:00");
  expect(clockOf(65_400)).toBe("1:05");
  expect(clockOf(3_725_000)).toBe("1:02:05");
});

describe("batches refused at ingest", () => {
  const refusal = {
    at: 11_500,
    window: "w",
    seq: 3,
    code: "payload_too_large",
    message: "The batch has 9 events",
  };
  test("are named with their error", () => {
    const h = recordingHealth({ chunks: clean, hasFullSnapshot: true, refused: [refusal] });
    expect(h.ok).toBe(false);
    expect(h.line).toBe("incomplete · 3 chunks · no gaps · 1 batch refused at ingest");
    expect(h.causes[0]!.why).toContain("payload_too_large: The batch has 9 events");
  });
  test("one the SDK made up for (its halves were stored under the same number) is not a cause", () => {
    const chunks = [...clean, chunk(13_000, 3), chunk(13_100, 3)];
    expect(unrecoveredRefusals(chunks, [refusal])).toEqual([]);
    expect(recordingHealth({ chunks, hasFullSnapshot: true, refused: [refusal] }).ok).toBe(true);
  });
});

test("checkpoints missing: a long stretch of events after one full snapshot", () => {
  const many = [chunk(10_000, 0), chunk(11_000, 1, { events: CHECKPOINT_STRETCH_EVENTS + 1 })];
  const h = recordingHealth({ chunks: many, hasFullSnapshot: true });
  expect(h.line).toBe("incomplete · 2 chunks · no gaps · checkpoints missing");
  expect(h.causes[0]!.why).toContain("20,001 events");
  // A checkpoint in between splits the stretch; chunks from before ingest counted events say nothing.
  const split = [...many, chunk(12_000, 2, { full: true }), chunk(13_000, 3, { events: 500 })];
  expect(recordingHealth({ chunks: split, hasFullSnapshot: true }).causes.map((c) => c.kind)).toEqual([
    "checkpoints",
  ]);
  const withCheckpoint = [
    chunk(10_000, 0),
    chunk(11_000, 1, { events: 15_000 }),
    chunk(12_000, 2, { full: true }),
    chunk(13_000, 3, { events: 15_000 }),
  ];
  expect(recordingHealth({ chunks: withCheckpoint, hasFullSnapshot: true }).ok).toBe(true);
  const old = [chunk(10_000, 0, { events: null }), chunk(11_000, 1, { events: null })];
  expect(recordingHealth({ chunks: old, hasFullSnapshot: true }).ok).toBe(true);
});

describe("causes only the replay sees", () => {
  const base = recordingHealth({ chunks: clean, hasFullSnapshot: true });
  test.each([
    [
      "a stylesheet neither the recorder nor the server could read",
      { stylesheets: [{ href: "https://cdn.example/a.css", recovered: false, error: "timed out" }] },
      "1 stylesheet not readable",
      "https://cdn.example/a.css (timed out)",
    ],
    ["fonts that failed in the replay", { fontsMissing: ["Brand Sans"] }, "1 font missing", "Brand Sans"],
    [
      "a mutation storm",
      { storms: [{ at: 11_000, nodes: 24_000 }] },
      "1 mutation storm re-snapshotted",
      "24,000 elements",
    ],
    ["parts that failed to load", { unloaded: { failed: 2, of: 3 } }, "2 of 3 parts not loaded", "Reload"],
  ])("%s", (_name, input, label, said) => {
    const h = withReplayCauses(base, replayCauses({ ...noReplayCauses, ...input }));
    expect(h.ok).toBe(false);
    expect(h.line).toBe(`incomplete · 3 chunks · no gaps · ${label}`);
    expect(h.problems.join(" ")).toContain(said);
  });
  test("a stylesheet the server recovered is not a cause", () => {
    const causes = replayCauses({
      ...noReplayCauses,
      stylesheets: [{ href: "https://x/a.css", recovered: true }],
    });
    expect(causes).toEqual([]);
  });
  test("canvas and a replay cause together", () => {
    const canvas = recordingHealth({ chunks: [chunk(1, 0, { canvas: 1 })], hasFullSnapshot: true });
    expect(canvas.line).toBe("this page had 1 canvas element; canvas is not recorded · 1 chunk · no gaps");
    const h = withReplayCauses(canvas, replayCauses({ ...noReplayCauses, fontsMissing: ["A"] }));
    expect(h.line).toBe(
      "incomplete · this page had 1 canvas element; canvas is not recorded · 1 chunk · no gaps · 1 font missing",
    );
  });
});

test("every cause at once", () => {
  const chunks = [chunk(1_000, 0, { canvas: 2 }), chunk(2_000, 1, { events: 30_000 }), chunk(9_000, 3)];
  const stored = recordingHealth({
    chunks,
    hasFullSnapshot: false,
    refused: [{ at: 3_000, window: "w", seq: 2, code: "bad_request", message: "bad event" }],
  });
  const h = withReplayCauses(
    stored,
    replayCauses({
      stylesheets: [{ href: "https://x/a.css", recovered: false }],
      fontsMissing: ["F"],
      storms: [{ at: 5_000, nodes: 9 }],
      unloaded: { failed: 1, of: 3 },
    }),
  );
  expect(h.causes.map((c) => c.kind)).toEqual([
    "no-snapshot",
    "canvas",
    "gaps",
    "refused",
    "checkpoints",
    "stylesheets",
    "fonts",
    "storms",
    "unloaded",
  ]);
  expect(h.line.startsWith("no full snapshot · 3 chunks · 1 gap · this page had 2 canvas elements")).toBe(
    true,
  );
});

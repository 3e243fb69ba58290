import { describe, expect, test } from "vitest";
import {
  NO_SNAPSHOT_EXPLANATION,
  recordingHealth,
  sequenceGaps,
  uninlinedStylesheets,
  viewportScale,
} from "@/lib/replay/health";

const chunk = (firstTs: number, seq: number | null, window: string | null = "w1") => ({
  firstTs,
  seq,
  window,
  full: null,
});

describe("sequence gaps", () => {
  test.each([
    ["in order", [0, 1, 2, 3], []],
    ["a split batch repeats its number", [0, 1, 1, 2], []],
    ["a reload starts again at 0", [0, 1, 2, 0, 1], []],
    ["one batch missing", [0, 1, 3], [{ afterSeq: 1, missing: 1 }]],
    [
      "several missing, twice",
      [0, 4, 5, 0, 2],
      [
        { afterSeq: 0, missing: 3 },
        { afterSeq: 0, missing: 1 },
      ],
    ],
  ])("%s", (_name, seqs, expected) => {
    const gaps = sequenceGaps(seqs.map((s, i) => chunk(1000 + i * 10, s)));
    expect(gaps.map(({ afterSeq, missing }) => ({ afterSeq, missing }))).toEqual(expected);
  });

  test("each tab numbers its own batches; chunks without numbers are left out", () => {
    const gaps = sequenceGaps([
      chunk(1, 0, "a"),
      chunk(2, 0, "b"),
      chunk(3, 1, "a"),
      chunk(4, 2, "b"),
      chunk(5, null, "b"),
    ]);
    expect(gaps).toEqual([{ window: "b", afterSeq: 0, missing: 1, at: 4, length: 2 }]);
  });

  test("order comes from time, not from the order chunks are listed in", () => {
    expect(sequenceGaps([chunk(30, 2), chunk(10, 0), chunk(20, 1)])).toEqual([]);
  });
});

describe("health line", () => {
  test("complete", () => {
    const h = recordingHealth({ chunks: [chunk(1, 0), chunk(2, 1)], hasFullSnapshot: true });
    expect(h).toMatchObject({ ok: true, line: "complete · 2 chunks · no gaps", problems: [] });
  });
  test("gaps and no snapshot say why", () => {
    const h = recordingHealth({ chunks: [chunk(1, 0), chunk(2, 3)], hasFullSnapshot: false });
    expect(h.line).toBe("no full snapshot · 2 chunks · 1 gap");
    expect(h.problems[0]).toBe(NO_SNAPSHOT_EXPLANATION);
    expect(h.problems[1]).toMatch(/^2 batches of events never arrived \(1 gap/);
  });
});

test("stylesheets the recorder could not inline are named", () => {
  const node = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
    type: 2,
    tagName,
    attributes,
    childNodes,
  });
  const snapshot = {
    type: 2,
    data: {
      node: node("html", {}, [
        node("link", { rel: "stylesheet", href: "https://cdn.example/a.css" }),
        node("link", { rel: "stylesheet", href: "/inlined.css", _cssText: "body{}" }),
        node("link", { rel: "icon", href: "/favicon.ico" }),
      ]),
    },
  };
  const added = {
    type: 3,
    data: {
      source: 0,
      adds: [{ node: node("link", { rel: "Stylesheet", href: "https://cdn.example/b.css" }) }],
    },
  };
  expect(uninlinedStylesheets([snapshot, added])).toEqual([
    "https://cdn.example/a.css",
    "https://cdn.example/b.css",
  ]);
});

test("viewport scale", () => {
  expect(viewportScale({ width: 1280, height: 720 }, { width: 640, height: 720 })).toBe(50);
  expect(viewportScale({ width: 390, height: 844 }, { width: 960, height: 540 })).toBe(64);
  expect(viewportScale({ width: 800, height: 600 }, { width: 960, height: 720 })).toBe(100);
});

import { describe, expect, test } from "vitest";
import { EMPTY_HEAT_CARRY, HEAT_GRID, HEAT_LIMITS, heatOf, widthBucket } from "@/lib/ingest/heat";
import { summarizeBatch } from "@/lib/ingest/summarize";
import { snapshotElement, snapshotText } from "../helpers/batches";
import { addButton, clickOn, moveTo, NODE, offsetOf, pageMeta, pageSnapshot, scrollTo } from "./page";

const T = Date.UTC(2026, 11, 1, 12, 0, 0);
const DAY = Math.floor(T / 86_400_000);
const URL = "https://shop.example/checkout";

function heat(events: ReturnType<typeof clickOn>[], carry = EMPTY_HEAT_CARRY) {
  return heatOf(events, summarizeBatch(events).signals, undefined, carry);
}

describe("width buckets", () => {
  test("mobile < 768 ≤ tablet < 1024 ≤ desktop", () => {
    expect([375, 767, 768, 1023, 1024, 1920].map(widthBucket)).toEqual([
      "mobile",
      "mobile",
      "tablet",
      "tablet",
      "desktop",
      "desktop",
    ]);
  });
});

describe("clicks", () => {
  test("a click counts on its grid cell in page coordinates (scroll included) and on its target's selector", () => {
    const { heat: h } = heat([
      pageMeta(T, 1200),
      pageSnapshot(T + 1),
      scrollTo(T + 10, 480),
      clickOn(T + 20, NODE.buyLabel, 600, 20),
    ]);
    expect(h.groups).toHaveLength(1);
    const g = h.groups[0]!;
    expect(g).toMatchObject({ path: "/checkout", bucket: "desktop", day: DAY });
    const row = Math.floor((480 + 20) / HEAT_GRID.rowPx);
    expect(g.cells).toEqual({ [`c:24:${row}`]: 1 });
    // The span inside the button: the click's target is the button, named by its id.
    expect(g.elements).toEqual({ "#buy": { c: 1, r: 0, d: 0 } });
  });

  test("a target without an id is named by its path from the body, with its classes", () => {
    const { heat: h } = heat([pageMeta(T, 390), pageSnapshot(T + 1), clickOn(T + 20, NODE.link, 10, 10)]);
    expect(h.groups[0]!.bucket).toBe("mobile");
    expect(Object.keys(h.groups[0]!.elements)).toEqual(["body > main.page > a.nav-link"]);
  });

  test("a click on no interactive element counts on the grid only", () => {
    const { heat: h } = heat([pageMeta(T, 1200), pageSnapshot(T + 1), clickOn(T + 20, NODE.para, 10, 10)]);
    expect(h.groups[0]!.cells).toEqual({ "c:0:0": 1 });
    expect(h.groups[0]!.elements).toEqual({});
    expect(h.groups[0]!.pending).toEqual({});
  });

  test("an element added by a mutation after the snapshot is a target too", () => {
    const { heat: h } = heat([
      pageMeta(T, 1200),
      pageSnapshot(T + 1),
      addButton(T + 5),
      clickOn(T + 20, NODE.added, 10, 10),
    ]);
    expect(Object.keys(h.groups[0]!.elements)).toEqual(["body > main.page > button.later"]);
  });

  test("the snapshot's targets are handed on, and a later batch's click on an unknown DOM is pending by node id", () => {
    const first = heat([pageMeta(T, 1200), pageSnapshot(T + 1)]);
    expect(first.heat.resetNodes).toBe(true);
    expect(first.heat.nodes[String(NODE.buyLabel)]).toBe("#buy");
    expect(first.heat.nodes[String(NODE.para)]).toBeUndefined();
    const second = heatOf([clickOn(T + 60_000, NODE.buyLabel, 600, 20)], [], URL, first.carry);
    expect(second.heat.resetNodes).toBe(false);
    expect(second.heat.groups[0]).toMatchObject({ path: "/checkout", bucket: "desktop" });
    expect(second.heat.groups[0]!.pending).toEqual({ [NODE.buyLabel]: { c: 1, r: 0, d: 0 } });
  });

  test("a target's label is its text's first words, spaces collapsed, however long the text", () => {
    const button = (id: number, text: string) =>
      snapshotElement(id, "button", { id: `b${id}` }, [snapshotText(id + 1, text)]);
    const snapshot = {
      type: 2,
      timestamp: T + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            snapshotElement(2, "html", {}, [
              snapshotElement(3, "body", {}, [
                button(10, `${" ".repeat(500)}Buy\n\n   now${" ".repeat(5000)}`),
                button(20, `Pay ${"x".repeat(10_000)}`),
                button(30, `A${" ".repeat(300)}b${" ".repeat(300)}c`),
              ]),
            ]),
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    };
    const { heat: h } = heat([pageMeta(T, 1200), snapshot]);
    expect(h.labels).toEqual({
      "#b10": "“Buy now”",
      "#b20": `“Pay ${"x".repeat(56)}”`,
      "#b30": "“A b c”",
    });
  });

  test("a scroll carried from the previous batch places the next batch's click", () => {
    const first = heat([pageMeta(T, 1200), pageSnapshot(T + 1), scrollTo(T + 10, 2400)]);
    const second = heatOf([clickOn(T + 5000, NODE.para, 0, 0)], [], URL, first.carry);
    expect(second.heat.groups[0]!.cells).toEqual({ [`c:0:${2400 / HEAT_GRID.rowPx}`]: 1 });
  });
});

describe("rage and dead clicks", () => {
  test("a rage burst counts once on the rage layer, at its first click, and on its target", () => {
    const events = [pageMeta(T, 1200), pageSnapshot(T + 1)];
    for (let i = 0; i < 4; i++) events.push(clickOn(T + 100 + i * 100, NODE.buy, 600, 20));
    const g = heat(events).heat.groups[0]!;
    expect(g.cells["c:24:0"]).toBe(4);
    expect(g.cells["r:24:0"]).toBe(1);
    expect(g.elements["#buy"]).toEqual({ c: 4, r: 1, d: 0 });
  });

  test("a dead click judged in the next batch lands on the carried click's cell and target", () => {
    const first = heat([pageMeta(T, 1200), pageSnapshot(T + 1), clickOn(T + 100, NODE.link, 600, 20)]);
    const later = [scrollTo(T + 9000, 0)];
    // summarize judges the click dead once its whole wait has passed (the next batch).
    const signals = [{ kind: "dead" as const, at: T + 100, x: 600, y: 20 }];
    const g = heatOf(later, signals, URL, first.carry).heat.groups.find((x) => x.cells["d:24:0"]);
    expect(g?.elements).toEqual({ "body > main.page > a.nav-link": { c: 0, r: 0, d: 1 } });
  });
});

describe("moves and depth", () => {
  test("mouse positions are sampled onto the moves grid", () => {
    const points: [number, number][] = Array.from({ length: 10 }, () => [10, 10]);
    const g = heat([pageMeta(T, 1200), pageSnapshot(T + 1), moveTo(T + 600, points)]).heat.groups[0]!;
    expect(g.cells).toEqual({ "m:0:0": 5 });
  });

  test("the deepest band reached is the viewport's bottom at the deepest scroll", () => {
    const g = heat([
      pageMeta(T, 1200, 800),
      pageSnapshot(T + 1),
      scrollTo(T + 10, 1300),
      scrollTo(T + 20, 200),
    ]).heat.groups[0]!;
    expect(g.band).toBe(Math.floor((1300 + 800) / HEAT_GRID.bandPx));
    expect(g.bandBefore).toBe(-1);
  });

  test("a full snapshot of the page is offered as a backdrop at its viewport", () => {
    const g = heat([pageMeta(T, 390, 844), pageSnapshot(T + 1)]).heat.groups[0]!;
    expect(g.snapshots).toEqual([{ at: T + 1, width: 390, height: 844 }]);
  });
});

describe("bounds and bad input", () => {
  test("a batch of 50 000 scattered clicks stays within the cell and carry caps", () => {
    const events = [pageMeta(T, 1200), pageSnapshot(T + 1)];
    for (let i = 0; i < 50_000; i++)
      events.push(clickOn(T + 10 + i, 1000 + i, (i * 7) % 1200, (i * 13) % 20_000));
    const { heat: h, carry } = heatOf(events, [], undefined);
    expect(Object.keys(h.groups[0]!.cells).length).toBeLessThanOrEqual(HEAT_LIMITS.cellsPerGroup);
    expect(
      Object.keys(h.groups[0]!.pending).length + Object.keys(h.groups[0]!.elements).length,
    ).toBeLessThanOrEqual(HEAT_LIMITS.elementsPerGroup);
    expect(carry.clicks.length).toBeLessThanOrEqual(HEAT_LIMITS.carriedClicks);
  });

  test("a batch over many pages adds to at most the group cap", () => {
    const events = [];
    for (let i = 0; i < 100; i++) {
      events.push(
        pageMeta(T + i * 10, 1200, 800, `https://shop.example/p${i}`),
        clickOn(T + i * 10 + 1, 1, 5, 5),
      );
    }
    expect(heatOf(events, [], undefined).heat.groups.length).toBe(HEAT_LIMITS.groupsPerBatch);
  });

  test("malformed event data is skipped, never thrown on", () => {
    const events = [
      pageMeta(T, 1200),
      { type: 2, timestamp: T + 1, data: { node: "nope", initialOffset: null } },
      { type: 3, timestamp: T + 2, data: { source: 2, type: 2, id: "x", x: "1", y: null } },
      { type: 3, timestamp: T + 3, data: { source: 1, positions: "many" } },
      { type: 3, timestamp: T + 4, data: { source: 0, adds: [null, { parentId: 1, node: 7 }] } },
      { type: 3, timestamp: T + 5, data: { source: 3, id: 1, y: Number.NaN } },
    ];
    expect(() => heatOf(events, [], undefined)).not.toThrow();
  });

  test("each batch of a session on a page is numbered through the carry, so its own heat can be capped", () => {
    let carry = heat([pageMeta(T, 1200), pageSnapshot(T + 1), clickOn(T + 5, NODE.para, 0, 0)]).carry;
    let last = 0;
    for (let i = 1; i <= 3; i++) {
      const next = heatOf([clickOn(T + i * 10_000, NODE.para, 0, 0)], [], URL, carry);
      last = next.heat.groups[0]!.batchNo;
      carry = next.carry;
    }
    expect(last).toBe(4);
    expect(HEAT_LIMITS.sessionBatchesPerPage).toBeGreaterThan(0);
  });

  test("without a known viewport width nothing is counted", () => {
    expect(heatOf([clickOn(T, 1, 5, 5)], [], URL).heat.groups).toEqual([]);
  });
});

describe("click offsets", () => {
  test("each offset joins the click on its node nearest in time; one too far from any click counts nowhere", () => {
    const { heat: h } = heat([
      pageMeta(T, 1200),
      pageSnapshot(T + 1),
      clickOn(T + 100, NODE.buy, 600, 20),
      offsetOf(T + 101, NODE.buy, 0.1, 0.1),
      clickOn(T + 500, NODE.buy, 610, 20),
      offsetOf(T + 502, NODE.buy, 0.9, 0.9),
      // 1.5 s after the last click on the node: no click to join.
      offsetOf(T + 2000, NODE.buy, 0.5, 0.5),
      // Clicked on the paragraph (no target): its offset has nowhere to go.
      clickOn(T + 2100, NODE.para, 10, 10),
      offsetOf(T + 2100, NODE.para, 0.5, 0.5),
    ]);
    // Cells of the 8 × 8 grid over #buy's box: row × 8 + col.
    expect(h.groups[0]!.offsets).toEqual({ "#buy": { "0": 1, "63": 1 } });
  });

  test("a click on a node of an earlier batch's DOM keeps its offset under the pending node id", () => {
    const { heat: h } = heat([
      pageMeta(T, 1200),
      clickOn(T + 100, NODE.link, 5, 5),
      offsetOf(T + 100, NODE.link, 0.5, 0.25),
    ]);
    expect(h.groups[0]!.pending).toHaveProperty(String(NODE.link));
    expect(h.groups[0]!.offsets).toEqual({ [String(NODE.link)]: { "20": 1 } });
  });
});

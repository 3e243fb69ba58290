import { expect, test } from "vitest";
import { stringifySliced } from "../src/serialize";

/** A full-snapshot-like tree: `breadth` children per level, `depth` levels, odd text and attributes. */
function tree(depth: number, breadth: number, id = { n: 1 }): Record<string, unknown> {
  const node: Record<string, unknown> = {
    type: 2,
    tagName: "div",
    attributes: { class: `c"${id.n}`, "data-x": "é\n\u2028😀", style: undefined },
    id: id.n++,
  };
  node.childNodes =
    depth === 0
      ? [{ type: 3, textContent: `text ${id.n} </script>`, id: id.n++ }]
      : Array.from({ length: breadth }, () => tree(depth - 1, breadth, id));
  return node;
}

test("the sliced JSON equals JSON.stringify for a batch with a full snapshot and mutations", async () => {
  const batch = {
    v: 1,
    sdk: "t",
    sessionId: "s",
    events: [
      { type: 4, data: { href: "https://x/?a=1", width: 1, height: 2 }, timestamp: 1 },
      { type: 2, data: { node: tree(5, 4), initialOffset: { left: 0, top: 0 } }, timestamp: 2 },
      {
        type: 3,
        data: {
          source: 0,
          adds: [{ parentId: 1, nextId: null, node: tree(1, 2) }],
          removes: [],
          texts: [{ id: 3, value: null }],
          attributes: [{ id: 4, attributes: { value: "x", gone: null } }],
        },
        timestamp: 3,
      },
      { type: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: -5 }] }, timestamp: 4 },
      { type: 5, data: { tag: "$pageview", payload: { n: Number.NaN, u: undefined, list: [1, undefined] } } },
    ],
    extra: undefined,
  };
  expect(await stringifySliced(batch)).toBe(JSON.stringify(batch));
});

test("it gives the main thread back while it works", async () => {
  const big = { events: [{ type: 2, data: { node: tree(7, 4) } }] };
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const text = await stringifySliced(big, 1);
  clearInterval(timer);
  expect(text).toBe(JSON.stringify(big));
  expect(ticks).toBeGreaterThan(0);
});

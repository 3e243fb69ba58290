import { snapshotElement } from "../helpers/batches";

/** A recorded page for heatmap tests: rrweb events of a small shop page, with known node ids. */

export const NODE = {
  doc: 1,
  html: 2,
  body: 3,
  main: 4,
  buy: 5,
  buyLabel: 6,
  link: 7,
  para: 8,
  added: 20,
} as const;

const el = snapshotElement;

export const pageSnapshot = (at: number, top = 0) => ({
  type: 2,
  timestamp: at,
  data: {
    node: {
      type: 0,
      id: NODE.doc,
      childNodes: [
        el(NODE.html, "html", {}, [
          el(NODE.body, "body", {}, [
            el(NODE.main, "main", { class: "page" }, [
              el(NODE.buy, "button", { id: "buy", class: "primary" }, [el(NODE.buyLabel, "span", {})]),
              el(NODE.link, "a", { class: "nav-link", href: "/pricing" }),
              el(NODE.para, "p", {}),
            ]),
          ]),
        ]),
      ],
    },
    initialOffset: { top, left: 0 },
  },
});

export const at = (
  t: number,
  type: number,
  data: Record<string, unknown>,
): { type: number; timestamp: number; data: Record<string, unknown> } => ({ type, timestamp: t, data });

export const clickOn = (t: number, id: number, x: number, y: number) =>
  at(t, 3, { source: 2, type: 2, id, x, y });
export const scrollTo = (t: number, y: number, id: number = NODE.doc) => at(t, 3, { source: 3, id, x: 0, y });
export const moveTo = (t: number, points: [number, number][]) =>
  at(t, 3, {
    source: 1,
    positions: points.map(([x, y], i) => ({ x, y, id: NODE.body, timeOffset: -i * 50 })),
  });
export const pageMeta = (t: number, width: number, height = 800, href = "https://shop.example/checkout") =>
  at(t, 4, { href, width, height });
export const addButton = (t: number) =>
  at(t, 3, {
    source: 0,
    texts: [],
    attributes: [],
    removes: [],
    adds: [{ parentId: NODE.main, nextId: null, node: el(NODE.added, "button", { class: "later" }) }],
  });

/** The SDK's click offset (rewind/click@1) for a click on `id`, in the box `up` levels above it. */
export const offsetOf = (t: number, id: number, x: number, y: number, up = 0, w = 200, h = 50) =>
  at(t, 6, { plugin: "rewind/click@1", payload: { id, up, x, y, w, h } });

/**
 * Crafted batches that once stalled ingest (issue #17): valid rrweb events arranged so a per-batch
 * step that looks at every earlier event for each event goes quadratic. The adversarial bench
 * sends them to the built app; tests/ingest/linearity.test.ts counts summarize's work on them.
 */

export interface Shape {
  name: string;
  /** `n` events of the shape starting at `t0` (ms). */
  events(n: number, t0: number): unknown[];
}

const click = (at: number, x = 100, y = 100) => ({
  type: 3,
  timestamp: at,
  data: { source: 2, type: 2, id: 5, x, y },
});
const mutation = (at: number) => ({
  type: 3,
  timestamp: at,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [] },
});
const pageview = (at: number, url: string) => ({
  type: 5,
  timestamp: at,
  data: { tag: "$pageview", payload: { url, title: "" } },
});
const custom = (at: number, name: string) => ({ type: 5, timestamp: at, data: { tag: name, payload: {} } });
const exception = (at: number) => ({
  type: 5,
  timestamp: at,
  data: { tag: "$exception", payload: { message: "TypeError: x is undefined" } },
});
const failedRequest = (at: number) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rewind/network@1", payload: { url: "https://api.example/x", status: 500 } },
});
const formSubmit = (at: number, i: number) => ({
  type: 6,
  timestamp: at,
  data: {
    plugin: "rewind/form@1",
    payload: { via: "submit", form: `form-${i}`, id: `form-id-${i}`, action: `/api/forms/${i}` },
  },
});
/** The SDK's offset (rewind/click@1) for a click on node 5, as `click` makes. */
const clickOffset = (at: number) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rewind/click@1", payload: { id: 5, up: 0, x: 0.5, y: 0.5, w: 120, h: 40 } },
});
const meta = (at: number) => ({
  type: 4,
  timestamp: at,
  data: { href: "https://shop.example/", width: 1280, height: 720 },
});

/** `first` events of one kind, then clicks far enough apart (and spread out) to be judged one by one. */
function thenClicks(first: (at: number, i: number) => unknown, share = 0.5): Shape["events"] {
  return (n, t0) => {
    const head = Math.floor(n * share);
    const out: unknown[] = [meta(t0)];
    for (let i = 0; i < head; i++) out.push(first(t0 + 1 + i, i));
    for (let i = 0; i < n - head - 1; i++) out.push(click(t0 + head + 10 + i * 3, (i * 37) % 1000, 100));
    return out;
  };
}

export const SHAPES: Shape[] = [
  { name: "page views, then clicks", events: thenClicks((at) => pageview(at, "https://shop.example/a")) },
  { name: "mutations, then clicks", events: thenClicks((at) => mutation(at)) },
  { name: "exceptions, then clicks", events: thenClicks((at) => exception(at)) },
  { name: "failed requests, then clicks", events: thenClicks((at) => failedRequest(at)) },
  {
    name: "distinct custom-event names",
    events: (n, t0) => [meta(t0), ...Array.from({ length: n - 1 }, (_, i) => custom(t0 + 1 + i, `ev-${i}`))],
  },
  {
    name: "distinct paths",
    events: (n, t0) => [
      meta(t0),
      ...Array.from({ length: n - 1 }, (_, i) => pageview(t0 + 1 + i, `https://shop.example/p/${i}`)),
    ],
  },
  {
    name: "distinct forms submitted",
    events: (n, t0) => [meta(t0), ...Array.from({ length: n - 1 }, (_, i) => formSubmit(t0 + 1 + i, i))],
  },
  {
    // Heat joins each click to an offset on its node: once a scan of the node's offsets per click.
    name: "clicks, each with its click offset, on one node",
    events: (n, t0) => [
      meta(t0),
      ...Array.from({ length: n - 1 }, (_, i) => {
        const at = t0 + 1 + Math.floor(i / 2) * 3;
        return i % 2 ? clickOffset(at) : click(at, (i * 37) % 1000, 100);
      }),
    ],
  },
  {
    name: "clicks in rage bursts",
    events: (n, t0) => [
      meta(t0),
      ...Array.from({ length: n - 1 }, (_, i) => click(t0 + 1 + i * 10, 100, 100)),
    ],
  },
];

/** The shapes made to pass every cap: the most of each that a batch may carry. */
export const AT_THE_CAPS: Shape[] = [
  {
    name: "400 page views, then clicks",
    events: (n, t0) => thenClicks((at) => pageview(at, "https://shop.example/a"), 400 / n)(n, t0),
  },
  {
    name: "500 exceptions, then clicks",
    events: (n, t0) => thenClicks((at) => exception(at), 500 / n)(n, t0),
  },
];

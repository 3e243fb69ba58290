import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

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

/**
 * Crafted posthog-js bodies for the drop-in routes (lib/dropin, issue #17): each is inflated,
 * parsed and mapped onto our batches on the ingest worker pool, then stored by our ingest.
 */
export interface DropinShape {
  name: string;
  /** The route and query posthog-js would send it to. */
  path: string;
  /** The request body for `n` events starting at `t0` (ms), under the project's public key. */
  body(n: number, t0: number, token: string): Uint8Array;
}

/** fflate's `strFromU8(gzipSync(...), true)` as posthog-js sends a `cv: "2024-10"` field: latin1 gzip. */
const latin1Gzip = (value: unknown) => gzipSync(JSON.stringify(value)).toString("latin1");

/** A posthog-js event as `capture()` serializes it (the properties the drop-in reads). */
function phEvent(
  token: string,
  sessionId: string,
  event: string,
  at: number,
  props: Record<string, unknown> = {},
) {
  return {
    uuid: randomUUID(),
    event,
    properties: {
      $lib: "web",
      $lib_version: "1.449.2",
      $is_identified: false,
      token,
      distinct_id: "0192-bench-anon",
      $session_id: sessionId,
      $window_id: "bench-window",
      ...props,
    },
    timestamp: new Date(at).toISOString(),
  };
}

/** `compression=gzip-js`: the JSON gzipped. */
const gzipJs = (value: unknown) => new Uint8Array(gzipSync(JSON.stringify(value)));

/** A `/batch/` body of `n` custom events of one session, the `i`th named `nameOf(i)`. */
const customEvents =
  (nameOf: (i: number) => string): DropinShape["body"] =>
  (n, t0, token) => {
    const sessionId = randomUUID();
    return gzipJs({
      api_key: token,
      batch: Array.from({ length: n }, (_, i) => phEvent(token, sessionId, nameOf(i), t0 + i, { n: i })),
    });
  };

export const DROPIN_SHAPES: DropinShape[] = [
  {
    // One $snapshot of many mutations, each of whose four lists is its own latin1 gzip (cv): four
    // inflations an event, the costliest decode per byte posthog-js's format allows.
    name: "posthog /s/: cv mutations, then clicks",
    path: "/s/?compression=gzip-js&ver=1.449.2",
    body: (n, t0, token) => {
      const rrweb: unknown[] = [
        { type: 4, timestamp: t0, data: { href: "https://shop.example/", width: 1280, height: 720 } },
      ];
      const gz = latin1Gzip([]);
      for (let i = 1; i < n; i++) {
        rrweb.push(
          i < n / 2
            ? {
                type: 3,
                timestamp: t0 + i,
                cv: "2024-10",
                data: { source: 0, texts: gz, attributes: gz, removes: gz, adds: gz },
              }
            : click(t0 + i * 3, (i * 37) % 1000, 100),
        );
      }
      return gzipJs([
        phEvent(token, randomUUID(), "$snapshot", t0, { $snapshot_data: rrweb, $snapshot_bytes: 0 }),
      ]);
    },
  },
  {
    // The /batch/ form with the most events a request may carry, each a distinct custom event:
    // ingest refuses the mapped batch at its captured-events cap, after the whole decode.
    name: "posthog /batch/: distinct custom events",
    path: "/batch/?compression=gzip-js",
    body: customEvents((i) => `ev-${i}`),
  },
  {
    // The /batch/ form with the most events, of a few names: every cut of 500 passes ingest's caps,
    // so each would be stored by a whole ingest in turn (100 of them), unless the request is refused.
    name: "posthog /batch/: custom events of 5 names",
    path: "/batch/?compression=gzip-js",
    body: customEvents((i) => `ev-${i % 5}`),
  },
  {
    // posthog-js's own events the drop-in skips ($autocapture, $pageleave, …): decode and map only.
    name: "posthog /batch/: skipped $ events",
    path: "/batch/?compression=gzip-js",
    body: (n, t0, token) => {
      const sessionId = randomUUID();
      return gzipJs({
        api_key: token,
        batch: Array.from({ length: n }, (_, i) =>
          phEvent(token, sessionId, "$autocapture", t0 + i, {
            $event_type: "click",
            $elements: [{ tag_name: "button", $el_text: `Buy ${i}`, attr__class: "btn" }],
          }),
        ),
      });
    },
  },
];

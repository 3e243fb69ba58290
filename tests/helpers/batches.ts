import { randomUUID } from "node:crypto";

/** Builders of rrweb events and SDK batches for ingest tests. */

export const T0 = Date.now() - 60_000;

export const meta = (at: number, href = "https://shop.example/", width = 1280, height = 720) => ({
  type: 4,
  timestamp: at,
  data: { href, width, height },
});
export const fullSnapshot = (at: number) => ({
  type: 2,
  timestamp: at,
  data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } },
});
export const click = (at: number, x = 100, y = 100) => ({
  type: 3,
  timestamp: at,
  data: { source: 2, type: 2, id: 5, x, y },
});
export const mutation = (at: number) => ({
  type: 3,
  timestamp: at,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [] },
});
export const input = (at: number) => ({
  type: 3,
  timestamp: at,
  data: { source: 5, id: 7, text: "***", isChecked: false },
});
export const scroll = (at: number) => ({ type: 3, timestamp: at, data: { source: 3, id: 1, x: 0, y: 200 } });
export const moves = (at: number, xs: number[]) => ({
  type: 3,
  timestamp: at + xs.length * 50,
  data: { source: 1, positions: xs.map((x, i) => ({ x, y: 300, id: 1, timeOffset: (i - xs.length) * 50 })) },
});
export const pageview = (at: number, url: string) => ({
  type: 5,
  timestamp: at,
  data: { tag: "$pageview", payload: { url, title: "" } },
});
export const exception = (at: number, message = "TypeError: x is undefined") => ({
  type: 5,
  timestamp: at,
  data: { tag: "$exception", payload: { message, stack: "at checkout.js:10" } },
});
export const custom = (at: number, name: string, properties: Record<string, unknown> = {}) => ({
  type: 5,
  timestamp: at,
  data: { tag: name, payload: properties },
});
export const consoleLine = (at: number, level: string) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rrweb/console@1", payload: { level, payload: ['"hello"'], trace: [] } },
});

export function batch(events: unknown[], over: Record<string, unknown> = {}) {
  return {
    v: 1,
    sdk: "rewind-js/0.1.0",
    sessionId: randomUUID(),
    windowId: "w1",
    distinctId: "anon-123",
    batchId: randomUUID(),
    seq: 0,
    events,
    ...over,
  };
}

/** A request as the SDK's network capture records it ("rewind/network@1"). */
export const networkRequest = (at: number, method: string, url: string, status: number, durationMs = 50) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rewind/network@1", payload: { type: "fetch", method, url, status, durationMs } },
});

/** A serialized element of a full snapshot (rrweb-snapshot's node type 2). */
export const snapshotElement = (
  id: number,
  tagName: string,
  attributes: Record<string, string>,
  childNodes: unknown[] = [],
) => ({ type: 2, id, tagName, attributes, childNodes });

/** A serialized text node of a full snapshot (node type 3). */
export const snapshotText = (id: number, textContent: string) => ({ type: 3, id, textContent });

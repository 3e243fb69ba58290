import { gunzipSync, gzipSync } from "node:zlib";
import { expect, test } from "vitest";
import { exitCut } from "../src/page-exit";
import { type Batch, Transport } from "../src/transport";

/**
 * What a page sends while it is hidden: the recorder's own visibilitychange listener asks for a
 * cut, then web-vitals' listeners report LCP, CLS and INP one by one, each asking again. The real
 * Transport (gzip, keepalive) sends what was cut.
 */
function page() {
  const sent: Batch[] = [];
  const transport = new Transport({
    post: async (body) => {
      sent.push(JSON.parse(gunzipSync(body as unknown as Uint8Array).toString()));
      return { status: 200 };
    },
    beacon: () => true,
    gzip: async (text) => new Uint8Array(gzipSync(text)),
    newId: () => "id",
  });
  let events: Batch["events"] = [];
  let seq = 0;
  const flush = () => {
    if (!events.length) return transport.leaveCompressed(null);
    const batch = {
      v: 1 as const,
      sdk: "t",
      sessionId: "s",
      windowId: "w",
      distinctId: "d",
      batchId: `b${seq}`,
    };
    transport.leaveCompressed({ ...batch, seq: seq++, events });
    events = [];
  };
  const exit = exitCut(flush);
  /** A vital reaches the recorder, and its plugin asks for a flush (the page is hidden). */
  const vital = (name: string, flushes = true) => {
    events.push({ type: 6, timestamp: Date.now(), data: { plugin: "v", name } });
    if (flushes) exit.soon();
  };
  return { sent, exit, vital, events: () => events };
}

/** Each listener of one event runs as its own callback, with a microtask checkpoint after it. */
const listeners = async (...callbacks: (() => void)[]) => {
  for (const cb of callbacks) {
    cb();
    await Promise.resolve();
  }
};

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

test("the vitals reported while the page is being hidden leave in one batch with what came before", async () => {
  const p = page();
  p.vital("last mutation", false);
  await listeners(
    () => p.exit.soon(),
    () => p.vital("LCP"),
    () => p.vital("CLS"),
    () => p.vital("INP"),
  );
  await until(() => p.sent.length > 0);
  await new Promise((r) => setTimeout(r, 50));
  expect(p.sent).toHaveLength(1);
  expect(p.sent[0]!.events.map((e) => (e.data as { name: string }).name)).toEqual([
    "last mutation",
    "LCP",
    "CLS",
    "INP",
  ]);
});

test("a vital reported after the cut left gets a batch of its own; cancel leaves the cut to the caller", async () => {
  const p = page();
  p.vital("LCP");
  await until(() => p.sent.length > 0);
  p.vital("INP");
  await until(() => p.sent.length > 1);
  expect(p.sent.map((b) => b.events.length)).toEqual([1, 1]);

  // pagehide: the caller cuts at once; the deferred cut does nothing.
  p.vital("CLS");
  p.exit.cancel();
  await new Promise((r) => setTimeout(r, 30));
  expect(p.sent).toHaveLength(2);
  expect(p.events()).toHaveLength(1);
});

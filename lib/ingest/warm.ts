import { gzipSync } from "node:zlib";
import { INGEST_LIMITS } from "./limits";
import { type DecodedBatch, handlePoolRequest } from "./prepare";
import { EventType, IncrementalSource, MouseInteractions, NodeType } from "./schema";
import { DEFAULT_THRESHOLDS, EMPTY_CARRY } from "./summarize";

/**
 * A new ingest thread runs its whole path (inflate, parse, validate, summarize, gzip) on a made-up
 * batch before it takes real ones, so the first batch a client sends after a start does not pay
 * for module loading and V8's first compilations (a 50,000-event batch took 1.1 s first, 0.3–0.5 s
 * after). It runs on the worker thread, never on the event loop that answers requests.
 */

const meta = (timestamp: number) => ({
  type: EventType.Meta,
  timestamp,
  data: { href: "https://warm.example/", width: 1280, height: 720 },
});
const incremental = (timestamp: number, data: Record<string, unknown>) => ({
  type: EventType.IncrementalSnapshot,
  timestamp,
  data,
});
const click = (at: number, x: number) =>
  incremental(at, {
    source: IncrementalSource.MouseInteraction,
    type: MouseInteractions.Click,
    id: 5,
    x,
    y: 100,
  });
const mutation = (at: number) =>
  incremental(at, { source: IncrementalSource.Mutation, texts: [], attributes: [], removes: [], adds: [] });
const input = (at: number) =>
  incremental(at, { source: IncrementalSource.Input, id: 7, text: "***", isChecked: false });
const scroll = (at: number, y: number) =>
  incremental(at, { source: IncrementalSource.Scroll, id: 1, x: 0, y });
const custom = (timestamp: number, tag: string, payload: Record<string, unknown>) => ({
  type: EventType.Custom,
  timestamp,
  data: { tag, payload },
});
const consoleLine = (timestamp: number, level: string) => ({
  type: EventType.Plugin,
  timestamp,
  data: { plugin: "rrweb/console@1", payload: { level, payload: ['"x"'], trace: [] } },
});

/** Events of every kind summarize looks at, a few hundred in all: enough for V8 to compile the loops. */
function warmUpEvents(t0: number): unknown[] {
  const events: unknown[] = [
    meta(t0),
    {
      type: EventType.FullSnapshot,
      timestamp: t0 + 1,
      data: { node: { type: NodeType.Document, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } },
    },
  ];
  for (let i = 0; i < 60; i++) {
    const at = t0 + 10 + i * 100;
    events.push(
      custom(at, "$pageview", { url: `https://warm.example/p${i % 4}`, title: "" }),
      click(at + 1, 100),
      click(at + 2, 101),
      mutation(at + 3),
      input(at + 4),
      scroll(at + 5, 200),
      custom(at + 6, `$event:warm${i % 3}`, { n: i }),
      consoleLine(at + 7, "error"),
    );
    if (i % 10 === 0) events.push(custom(at + 8, "$exception", { message: "warm", stack: "" }));
  }
  return events;
}

/**
 * A batch as long as the longest allowed, of kinds no cap refuses (clicks, mutations, inputs,
 * scrolls, console lines; each click answered). A fresh thread's first batch of ~50,000 events
 * cost ~1.5–2× the CPU of its next ones (decode ~500 ms against ~250 on the 2-core box) even
 * after the small batch above: the thread's heap grows to such a batch's size only on its first.
 */
function largeWarmUpEvents(n: number, t0: number): unknown[] {
  const events: unknown[] = [meta(t0)];
  for (let i = 0; events.length < n; i++) {
    const at = t0 + 10 + i * 50;
    events.push(
      click(at, (i * 37) % 1000),
      mutation(at + 1),
      input(at + 2),
      scroll(at + 3, 200 + i),
      consoleLine(at + 4, "log"),
    );
  }
  return events.slice(0, n);
}

/**
 * The posthog-js drop-in's job (lib/dropin/decode.ts) on a small capture body of the same events,
 * gzip-js with a `cv` full snapshot, so a first posthog-js request does not compile its path either.
 */
function warmUpDropin(rounds: number): void {
  const t0 = Date.now() - 60_000;
  const props = {
    token: "pk_warm_up",
    distinct_id: "warm-up",
    $session_id: "warm-up",
    $window_id: "warm-up",
    $lib_version: "0.0.0",
  };
  const [first, full, ...rest] = warmUpEvents(t0) as { type: number; timestamp: number; data: unknown }[];
  const cvFull = { ...full!, cv: "2024-10", data: gzipSync(JSON.stringify(full!.data)).toString("latin1") };
  const body = gzipSync(
    JSON.stringify([
      { event: "$snapshot", properties: { ...props, $snapshot_data: [first, cvFull, ...rest] } },
      { event: "$pageview", properties: { ...props, $current_url: "https://warm.example/" }, timestamp: t0 },
      { event: "warm_up", properties: { ...props, n: 1 }, timestamp: t0 + 1 },
    ]),
  );
  for (let i = 0; i < rounds; i++) {
    const reply = handlePoolRequest(
      { id: -100 - i, type: "dropin", bytes: body, limit: 25 * 1024 * 1024, compression: "gzip-js" },
      new Map(),
    );
    if (reply?.type === "error") throw new Error(`drop-in warm-up failed: ${reply.error.message}`);
  }
}

/** Runs the made-up batch through both steps a few times, gzipped and plain; with `large`, then one largest batch. */
export function warmUp({ rounds = 4, large = false }: { rounds?: number; large?: boolean } = {}): void {
  const held = new Map<number, DecodedBatch>();
  const text = JSON.stringify({
    v: 1,
    sdk: "rewind-warm-up",
    sessionId: "warm-up",
    distinctId: "warm-up",
    batchId: "warm-up",
    seq: 0,
    events: warmUpEvents(Date.now() - 60_000),
  });
  const bodies = [gzipSync(text), Buffer.from(text)];
  for (let i = 0; i < rounds; i++) {
    const id = -1 - i;
    handlePoolRequest({ id, type: "decode", bytes: bodies[i % 2]!, limit: 25 * 1024 * 1024 }, held);
    const reply = handlePoolRequest(
      { id, type: "finish", thresholds: DEFAULT_THRESHOLDS, carry: EMPTY_CARRY },
      held,
    );
    if (reply?.type === "error") throw new Error(`ingest warm-up failed: ${reply.error.message}`);
  }
  warmUpDropin(rounds);
  if (!large) return;
  const largeText = JSON.stringify({
    v: 1,
    sdk: "rewind-warm-up",
    sessionId: "warm-up",
    distinctId: "warm-up",
    batchId: "warm-up-large",
    seq: 1,
    events: largeWarmUpEvents(INGEST_LIMITS.eventsPerBatch, Date.now() - 3_600_000),
  });
  const id = -1 - rounds;
  handlePoolRequest({ id, type: "decode", bytes: gzipSync(largeText), limit: 25 * 1024 * 1024 }, held);
  const reply = handlePoolRequest(
    { id, type: "finish", thresholds: DEFAULT_THRESHOLDS, carry: EMPTY_CARRY },
    held,
  );
  if (reply?.type === "error") throw new Error(`ingest warm-up failed: ${reply.error.message}`);
}

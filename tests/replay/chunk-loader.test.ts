import { expect, test } from "vitest";
import { ChunkLoader, type ChunkRef } from "@/components/player/chunk-loader";
import type { ReplayEvent } from "@/lib/replay/timeline";

const chunks: ChunkRef[] = Array.from({ length: 8 }, (_, i) => ({
  id: `c${i}`,
  firstTs: 1000 + i * 100,
  lastTs: 1000 + i * 100 + 90,
  full: i === 1 || i === 5,
}));
const eventsOf = (c: ChunkRef): ReplayEvent[] => [
  { type: c.full ? 2 : 3, timestamp: c.firstTs, data: {} },
  { type: 3, timestamp: c.lastTs, data: {} },
];

/** A fetch whose answers the test releases in any order. */
function controlledFetch() {
  const pending = new Map<string, { resolve: () => void; reject: () => void }>();
  const requested: string[] = [];
  const fetch = (c: ChunkRef) =>
    new Promise<ReplayEvent[]>((resolve, reject) => {
      requested.push(c.id);
      pending.set(c.id, { resolve: () => resolve(eventsOf(c)), reject: () => reject(new Error("503")) });
    });
  const settle = async (id: string, ok = true) => {
    const p = pending.get(id)!;
    if (ok) p.resolve();
    else p.reject();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { fetch, requested, settle };
}

test("chunks are handed on in order, whatever order they arrive in", async () => {
  const f = controlledFetch();
  const fed: number[] = [];
  const loader = new ChunkLoader(chunks, f.fetch, (events) => fed.push(events[0]!.timestamp), 3);
  loader.start();
  expect(f.requested).toEqual(["c0", "c1", "c2"]);
  await f.settle("c2");
  await f.settle("c1");
  expect(fed).toEqual([]);
  await f.settle("c0");
  expect(fed).toEqual([1000, 1100, 1200]);
  expect(loader.progress).toMatchObject({ fed: 3, bufferedUntil: 1290, sawFullSnapshot: true });
  loader.stop();
});

test("first-only loading stops at the first full snapshot until the rest is asked for", async () => {
  const f = controlledFetch();
  const loader = new ChunkLoader(chunks, f.fetch, () => {}, 4);
  loader.start(true);
  expect(f.requested).toEqual(["c0", "c1"]);
  await f.settle("c0");
  await f.settle("c1");
  expect(f.requested).toEqual(["c0", "c1"]);
  loader.loadRest();
  expect(f.requested).toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
  loader.stop();
});

test("a seek waits only for the chunks up to its moment, and asks for them", async () => {
  const f = controlledFetch();
  const loader = new ChunkLoader(chunks, f.fetch, () => {}, 2);
  loader.start(true);
  const index = loader.chunkAt(1450);
  expect(index).toBe(4);
  let done = false;
  const waiting = loader.until(index).then(() => {
    done = true;
  });
  for (const id of ["c0", "c1", "c2", "c3"]) await f.settle(id);
  expect(done).toBe(false);
  await f.settle("c4");
  await waiting;
  expect(done).toBe(true);
  expect(f.requested).not.toContain("c7");
  loader.stop();
});

test("a chunk that fails is reported and skipped, not waited for forever", async () => {
  const f = controlledFetch();
  const fed: number[] = [];
  const loader = new ChunkLoader(chunks.slice(0, 3), f.fetch, (events) => fed.push(events.length), 3);
  loader.start();
  await f.settle("c0");
  await f.settle("c1", false);
  await f.settle("c2");
  expect(fed).toEqual([2, 0, 2]);
  expect(loader.progress.failed).toEqual(["c1"]);
  await loader.until(2);
  loader.stop();
});

/** A range fetch whose answers the test releases; spans of at most `max` chunks. */
function controlledRanges(max: number) {
  const pending: { ids: string[]; resolve: () => void; reject: () => void }[] = [];
  const range = {
    span: () => max,
    fetch: (group: ChunkRef[]) =>
      new Promise<(ReplayEvent[] | null)[]>((resolve, reject) => {
        pending.push({
          ids: group.map((c) => c.id),
          // The answer lacks the group's second chunk when there is one.
          resolve: () => resolve(group.map((c, i) => (i === 1 && group.length > 2 ? null : eventsOf(c)))),
          reject: () => reject(new Error("413")),
        });
      }),
  };
  const settle = async (i: number, ok = true) => {
    if (ok) pending[i]!.resolve();
    else pending[i]!.reject();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { range, pending, settle };
}

test("with ranges, a seek's chunks come in one request per span, in order", async () => {
  const f = controlledFetch();
  const r = controlledRanges(4);
  const fed: number[] = [];
  const loader = new ChunkLoader(chunks, f.fetch, (events) => fed.push(events.length), 2, r.range);
  loader.start(true);
  // First only: up to the first full snapshot (c1), as one range of two.
  expect(r.pending.map((p) => p.ids)).toEqual([["c0", "c1"]]);
  const waiting = loader.until(6);
  expect(r.pending.map((p) => p.ids)).toEqual([
    ["c0", "c1"],
    ["c2", "c3", "c4", "c5"],
  ]);
  await r.settle(1);
  expect(fed).toEqual([]);
  await r.settle(0);
  // A chunk the range did not hold counts as failed; the rest are fed in order.
  expect(fed).toEqual([2, 2, 2, 0, 2, 2]);
  expect(loader.progress.failed).toEqual(["c3"]);
  // A lone chunk goes to the one-chunk route (its answer is cached as immutable).
  expect(r.pending).toHaveLength(2);
  expect(f.requested).toEqual(["c6"]);
  await f.settle("c6");
  await waiting;
  expect(fed).toHaveLength(7);
  loader.stop();
});

test("a refused range falls back to one request per chunk", async () => {
  const f = controlledFetch();
  const r = controlledRanges(8);
  const fed: number[] = [];
  const loader = new ChunkLoader(
    chunks.slice(0, 3),
    f.fetch,
    (events) => fed.push(events.length),
    2,
    r.range,
  );
  loader.start();
  await r.settle(0, false);
  expect(f.requested).toEqual(["c0", "c1", "c2"]);
  for (const id of ["c0", "c1", "c2"]) await f.settle(id);
  expect(fed).toEqual([2, 2, 2]);
  expect(loader.progress.failed).toEqual([]);
  loader.stop();
});

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

import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import type { FunnelQuery } from "@/lib/analytics/funnel";
import { runFunnel } from "@/lib/analytics/run-funnel";
import { clearDecodedEventHours, eventHoursOf } from "@/lib/data/event-hours";
import { writeEventBatches } from "@/lib/data/event-seed";
import { eventKeys } from "@/lib/data/events";
import { mergePersons } from "@/lib/data/persons";
import { deleteSession } from "@/lib/data/sessions";
import { kv } from "@/lib/storage/kv";
import { seedBatch } from "./funnel-seed-batch";

/**
 * A funnel run after a change at the same alias version recomputes only the persons with events in
 * the changed spans (run-funnel's cachedPaths) and keeps every other person's path: after random
 * sequences of batches, deleted sessions and merged persons, every run must equal a from-scratch
 * computation — the per-event read, which keeps nothing between runs.
 */

const HOUR = 3_600_000;
const PAGES = ["/", "/pricing", "/checkout", "/docs"];
const NAMES = ["checkout_started", "order_completed", "signup"];

function queries(now: number): FunnelQuery[] {
  const range = { from: now - 50 * HOUR, to: now + HOUR };
  return [
    {
      steps: [
        { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
        { kind: "event", name: "checkout_started", where: [] },
        { kind: "event", name: "order_completed", where: [] },
      ],
      windowMs: 6 * HOUR,
      ...range,
    },
    {
      steps: [
        { kind: "pageview", where: [] },
        { kind: "pageview", url: { mode: "prefix", value: "/ch" }, where: [] },
        { kind: "event", name: "signup", where: [] },
        { kind: "event", name: "order_completed", where: [] },
      ],
      windowMs: 20 * HOUR,
      ...range,
    },
  ];
}

/** Deterministic random numbers in [0, 1) (mulberry32). */
function randomFrom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The run through the caches, checked against the per-event read. */
async function checkedRun(ws: string, q: FunnelQuery, label: string) {
  const cached = await runFunnel(ws, q);
  const scratch = await runFunnel(ws, q, { perEvent: true });
  expect(cached.paths, label).toEqual(scratch.paths);
  // eventsRead apart: the snapshots read an index once where the per-event read may read two.
  const { eventsRead: _a, ...figures } = cached.result;
  const { eventsRead: _b, ...expected } = scratch.result;
  expect(figures, label).toEqual(expected);
  return cached;
}

export function funnelIncrementalScenario(): void {
  test("a batch recomputes only its persons: the others' paths are the ones kept", async () => {
    const ws = `inc-${randomUUID()}`;
    const now = Date.now();
    const [q] = queries(now);
    await writeEventBatches(ws, [
      seedBatch("a@inc.test", now - 30 * HOUR, [
        ["/", 0],
        ["checkout_started", 1000],
      ]),
      seedBatch("b@inc.test", now - 2 * HOUR, [["/", 0]]),
      seedBatch("c@inc.test", now - 40 * HOUR, [["/", 0]]),
    ]);
    const gone = randomUUID();
    await writeEventBatches(ws, [seedBatch("d@inc.test", now - HOUR, [["/", 0]], gone)]);
    const before = await checkedRun(ws, q!, "first");
    await writeEventBatches(ws, [seedBatch("b@inc.test", now, [["checkout_started", 0]])]);
    const after = await checkedRun(ws, q!, "after a batch");
    const path = (run: typeof before, who: string) => run.paths.find((p) => p.distinctId === who);
    expect(path(after, "b@inc.test")?.reached).toBe(2);
    // Untouched persons keep the very objects of the kept result: they were not recomputed.
    expect(path(after, "a@inc.test")).toBe(path(before, "a@inc.test"));
    expect(path(after, "c@inc.test")).toBe(path(before, "c@inc.test"));
    // A person whose only events in a span were deleted is recomputed too (from the kept persons).
    await deleteSession(ws, gone);
    expect(path(await checkedRun(ws, q!, "after a deletion"), "d@inc.test")).toBeUndefined();
  });

  test.each([1, 2, 3, 4])(
    "random batches, deleted sessions and merges (seed %i): every run equals a run from scratch",
    async (seed) => {
      const random = randomFrom(seed);
      const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
      const ws = `inc-${randomUUID()}`;
      const now = Date.now();
      const qs = queries(now);
      const anonymous = Array.from({ length: 8 }, () => `anon-${randomUUID()}`);
      const known = Array.from({ length: 5 }, (_, i) => `u${i}@inc.test`);
      const sessions: { id: string; who: string }[] = [];
      const write = async () => {
        const who = pick([...anonymous, ...known]);
        // Most batches land in recent hours (spans of an hour), some in closed days.
        const at = now - Math.floor((random() < 0.7 ? random() * 6 : random() * 48) * HOUR);
        const reuse = sessions.length > 0 && random() < 0.3 ? pick(sessions) : null;
        const sessionId: string = reuse && reuse.who === who ? reuse.id : randomUUID();
        if (sessionId !== reuse?.id) sessions.push({ id: sessionId, who });
        const events = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k): [string, number] => [
          random() < 0.5 ? pick(PAGES) : pick(NAMES),
          k * Math.floor(random() * 30 * 60_000),
        ]);
        await writeEventBatches(ws, [seedBatch(who, at, events, sessionId)]);
      };
      for (let i = 0; i < 12; i++) await write();
      for (const [k, q] of qs.entries()) await checkedRun(ws, q, `seed ${seed} start q${k}`);
      for (let step = 0; step < 40; step++) {
        const r = random();
        let op = "batch";
        if (r < 0.45) await write();
        else if (r < 0.7 && sessions.length) {
          const gone = sessions.splice(Math.floor(random() * sessions.length), 1)[0]!;
          op = `delete ${gone.id}`;
          await deleteSession(ws, gone.id);
        } else if (r < 0.75) {
          const from = pick(anonymous);
          const into = pick(known);
          op = `merge ${from} into ${into}`;
          await mergePersons(ws, from, into);
        } else op = "none";
        const q = pick(qs);
        await checkedRun(ws, q, `seed ${seed} step ${step} after ${op}`);
      }
      // The days patched hour by hour (event-hours' patchHours) are what a rebuild from the index gives.
      const keys = ["$pageview", ...NAMES].map((name) => eventKeys.byName(ws, name));
      const range = [now - 50 * HOUR, now + HOUR] as const;
      const patched = await eventHoursOf(ws, keys, ...range);
      const store = await kv();
      await store.del(await store.scan(`{w:${ws}}:evx:s:`));
      clearDecodedEventHours();
      expect(patched).toEqual(await eventHoursOf(ws, keys, ...range));
    },
  );
}

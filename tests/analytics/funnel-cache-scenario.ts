import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import type { FunnelQuery } from "@/lib/analytics/funnel";
import { clearFinishedFunnels, runFunnel } from "@/lib/analytics/run-funnel";
import { clearDecodedEventHours, eventHourKeys } from "@/lib/data/event-hours";
import { writeEventBatches } from "@/lib/data/event-seed";
import { eventKeys, pruneEventVersions } from "@/lib/data/events";
import { clearResolvedPersons, forgetPerson, mergePersons } from "@/lib/data/persons";
import { deleteSession } from "@/lib/data/sessions";
import { kv } from "@/lib/storage/kv";
import { seedBatch } from "./funnel-seed-batch";

/**
 * What a funnel keeps in the process between runs — decoded snapshots, persons resolved per alias
 * version, the finished result per versions read — never outlives a change: an identify (alias), a
 * person's deletion, a new batch or a deleted session changes the very next run.
 */

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 5, 10);
const Q: FunnelQuery = {
  steps: [
    { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
    { kind: "event", name: "checkout_started", where: [] },
    { kind: "event", name: "order_completed", where: [] },
  ],
  windowMs: 7 * 86_400_000,
  from: T0 - 86_400_000,
  to: T0 + 3 * 86_400_000,
};

const reached = async (ws: string) =>
  Object.fromEntries((await runFunnel(ws, Q)).paths.map((p) => [p.distinctId, p.reached]));

export function funnelCacheScenario(): void {
  test("an identify or a person's deletion after a cached run changes the next run at once", async () => {
    const ws = `cache-${randomUUID()}`;
    const anon = `anon-${randomUUID()}`;
    await writeEventBatches(ws, [
      seedBatch(anon, T0, [
        ["/", 0],
        ["checkout_started", 60_000],
      ]),
      seedBatch("buyer@cache.test", T0 + 2 * HOUR, [["order_completed", 0]]),
      seedBatch("other@cache.test", T0, [["/", 5]]),
    ]);
    expect(await reached(ws)).toEqual({ [anon]: 2, "other@cache.test": 1 });
    // Warm: the same answer, from the result kept at these versions.
    const first = await runFunnel(ws, Q);
    expect((await runFunnel(ws, Q)).paths).toBe(first.paths);

    await mergePersons(ws, anon, "buyer@cache.test");
    expect(await reached(ws)).toEqual({ "buyer@cache.test": 3, "other@cache.test": 1 });

    // The alias goes with the person: the anonymous id's events count as its own again.
    await forgetPerson(ws, "buyer@cache.test");
    expect(await reached(ws)).toEqual({ [anon]: 2, "other@cache.test": 1 });

    // A process starting cold computes the same.
    clearFinishedFunnels();
    clearDecodedEventHours();
    clearResolvedPersons();
    expect(await reached(ws)).toEqual({ [anon]: 2, "other@cache.test": 1 });
  });

  test("a new batch in a cached hour, or a deleted session, changes the next run at once", async () => {
    const ws = `cache-${randomUUID()}`;
    const visit = randomUUID();
    await writeEventBatches(ws, [
      seedBatch("a@cache.test", T0, [
        ["/", 0],
        ["checkout_started", 1000],
      ]),
      seedBatch("b@cache.test", T0 + HOUR, [["/", 0]], visit),
    ]);
    expect(await reached(ws)).toEqual({ "a@cache.test": 2, "b@cache.test": 1 });
    expect(await reached(ws)).toEqual({ "a@cache.test": 2, "b@cache.test": 1 });

    // Into the same hours (and day snapshots) the cached run read.
    await writeEventBatches(ws, [seedBatch("a@cache.test", T0, [["order_completed", 2000]])]);
    expect(await reached(ws)).toEqual({ "a@cache.test": 3, "b@cache.test": 1 });

    expect(await deleteSession(ws, visit)).toBe(true);
    expect(await reached(ws)).toEqual({ "a@cache.test": 3 });
    // recompute: the engine over the kept snapshots gives what the kept result says.
    expect((await runFunnel(ws, Q, { recompute: true })).paths.map((p) => p.distinctId)).toEqual([
      "a@cache.test",
    ]);
  });

  test("retention's prune drops the versions of hours before each index's first event, and funnels stay exact", async () => {
    const ws = `cache-${randomUUID()}`;
    const old = randomUUID();
    await writeEventBatches(ws, [
      seedBatch(
        "old@cache.test",
        T0 - 20 * HOUR,
        [
          ["/", 0],
          ["checkout_started", 1000],
        ],
        old,
      ),
      seedBatch("new@cache.test", T0, [
        ["/", 0],
        ["checkout_started", 1000],
      ]),
    ]);
    const versions = eventHourKeys.versions(ws, eventKeys.byName(ws, "checkout_started"));
    const store = await kv();
    expect(await reached(ws)).toEqual({ "old@cache.test": 2, "new@cache.test": 2 });
    expect(await pruneEventVersions(ws)).toBe(0); // nothing deleted yet
    expect(await deleteSession(ws, old)).toBe(true);
    const oldHour = String(Math.floor((T0 - 20 * HOUR) / HOUR));
    expect(Object.keys(await store.hgetall(versions))).toContain(oldHour);
    // The old hour of `$pageview` and of `checkout_started`, and of the `/` path index.
    expect(await pruneEventVersions(ws)).toBe(3);
    expect(Object.keys(await store.hgetall(versions))).not.toContain(oldHour);
    expect(await reached(ws)).toEqual({ "new@cache.test": 2 });
    // An event arriving late in the pruned hour: its hour's version restarts, yet never matches the
    // snapshot this process decoded before the deletion (the prune started a new generation).
    await writeEventBatches(ws, [seedBatch("late@cache.test", T0 - 20 * HOUR, [["/", 0]])]);
    expect(await reached(ws)).toEqual({ "late@cache.test": 1, "new@cache.test": 2 });
  });
}

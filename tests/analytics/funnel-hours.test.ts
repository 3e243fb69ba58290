import { randomUUID } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { type FunnelQuery, funnelPaths } from "@/lib/analytics/funnel";
import { funnelPathsOfHours } from "@/lib/analytics/funnel-hours";
import { runFunnel } from "@/lib/analytics/run-funnel";
import {
  clearDecodedEventHours,
  eventHourKeys,
  eventHourOf,
  eventHoursOf,
  eventIdOf,
  HOUR_MS,
  spansOf,
} from "@/lib/data/event-hours";
import { eventKeys, type StoredEvent } from "@/lib/data/events";
import { deletePerson } from "@/lib/data/person-recordings";
import { applyBatch, deleteSession } from "@/lib/data/sessions";
import { type CapturedEvent, emptySummary } from "@/lib/ingest/summarize";
import { rng } from "@/lib/seed";
import { kv } from "@/lib/storage/kv";
import { dumpKeys } from "../helpers/kv-dump";
import { useTempDataDir } from "../helpers/temp-data";
import { bruteForcePerson, type Corpus, ORIGIN, seedFunnelCorpus, type TruthEvent } from "./funnel-corpus";
import { checkFunnels, randomQuery } from "./funnel-exactness";

/**
 * Funnels read through the hourly snapshots of the event indexes (lib/data/event-hours): the same
 * paths as the per-event engine and the brute force, and never a stale hour — after new batches,
 * a session's deletion (retention) and a person's deletion.
 */

const NOW = Date.UTC(2026, 10, 20);
let corpus: Corpus;

beforeAll(async () => {
  useTempDataDir();
  corpus = await seedFunnelCorpus(700, NOW);
}, 300_000);

/** The brute force's answer for the corpus's events that are still stored. */
function truth(q: FunnelQuery, events: TruthEvent[]): Map<string, TruthEvent[]> {
  const byPerson = new Map<string, TruthEvent[]>();
  for (const e of events) byPerson.set(e.person, [...(byPerson.get(e.person) ?? []), e]);
  const out = new Map<string, TruthEvent[]>();
  for (const [person, evs] of byPerson) {
    const path = bruteForcePerson(q, evs);
    if (path) out.set(person, path);
  }
  return out;
}

async function expectTruth(q: FunnelQuery, events: TruthEvent[]) {
  const expected = truth(q, events);
  const { paths } = await runFunnel(corpus.ws, q);
  expect(new Map(paths.map((p) => [p.distinctId, p.steps.map((s) => s.eventId)]))).toEqual(
    new Map([...expected].map(([person, path]) => [person, path.map((e) => e.id)])),
  );
}

const FUNNEL: Omit<FunnelQuery, "from" | "to"> = {
  steps: [
    { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
    { kind: "pageview", url: { mode: "prefix", value: "/checkout" }, where: [] },
    { kind: "event", name: "order_completed", where: [] },
  ],
  windowMs: 7 * 86_400_000,
};

test("30 random funnels through the snapshots match the brute force, read cold and then warm", async () => {
  expect(await checkFunnels(corpus, 15)).toBeGreaterThan(300);
  // The same funnels again: every hour is now served from its snapshot.
  expect(await checkFunnels(corpus, 15)).toBeGreaterThan(300);
  const store = await kv();
  const snapshots = await store.scan(`{w:${corpus.ws}}:evx:s:`);
  expect(snapshots.length).toBeGreaterThan(20);
}, 300_000);

test("a batch written after the snapshots, a deleted session and a deleted person are seen by the next funnel", async () => {
  const q: FunnelQuery = { ...FUNNEL, from: corpus.from, to: corpus.to };
  let events = [...corpus.events];
  await expectTruth(q, events); // builds every hour's snapshot

  // A new visitor converts inside hours that are already snapshotted.
  const sessionId = randomUUID();
  const batchId = randomUUID();
  const at = corpus.from + 5 * 86_400_000 + 17;
  const captured: CapturedEvent[] = [
    { name: "$pageview", at, url: `${ORIGIN}/`, props: {} },
    { name: "$pageview", at: at + 60_000, url: `${ORIGIN}/checkout/payment`, props: {} },
    { name: "order_completed", at: at + 120_000, props: { plan: "growth" } },
  ];
  await applyBatch(
    {
      workspaceId: corpus.ws,
      sessionId,
      distinctId: "late@funnel.test",
      batchId,
      device: { browser: "chrome", os: "windows", device: "desktop" },
      country: "DE",
      retentionDays: 30,
      chunkKey: `seed/${sessionId}`,
      sizeBytes: 0,
    },
    { ...emptySummary(at, at + 120_000), eventCount: 3, hasFullSnapshot: true, events: captured },
  );
  events.push(
    ...captured.map((e, i) => ({
      ...e,
      id: `${batchId}.${i}`,
      person: "late@funnel.test",
      sessionId,
      props: e.props as Record<string, string>,
    })),
  );
  await expectTruth(q, events);

  // Retention deletes a session of someone who converted; then a whole person goes.
  const { paths } = await runFunnel(corpus.ws, q);
  const converted = paths.filter((p) => p.reached === 3);
  const gone = converted[0]!.steps[1]!.sessionId;
  expect(await deleteSession(corpus.ws, gone)).toBe(true);
  events = events.filter((e) => e.sessionId !== gone);
  await expectTruth(q, events);
  const person = converted[1]!.distinctId;
  await deletePerson(corpus.ws, person);
  events = events.filter((e) => e.person !== person);
  // Their ids went with the snapshots that held them, before any funnel reads those hours again.
  const cached = await dumpKeys(`{w:${corpus.ws}}:evx:`); // snapshots as JSON strings: quotes escaped
  const quoted = (id: string) => `\\"${id}\\"`;
  expect(cached).toContain('@funnel.test\\"'); // other persons' snapshots stay
  expect(cached).not.toContain(quoted(person));
  expect(cached).not.toContain(gone);
  await expectTruth(q, events);
}, 300_000);

test("the last day is read hour by hour, and a batch of the current hour is in the next funnel", async () => {
  const now = Date.now();
  const hour = Math.floor(now / HOUR_MS);
  const spans = spansOf(hour - 72, hour, now);
  expect(spans.at(-1)).toEqual({ first: hour, hours: 1 });
  expect(spans.filter((s) => s.hours === 24).length).toBeGreaterThanOrEqual(1);
  expect(spans.reduce((n, s) => n + s.hours, 0)).toBeGreaterThanOrEqual(73);
  const q: FunnelQuery = { ...FUNNEL, from: now - 2 * HOUR_MS, to: now + 60_000 };
  const visit = (at: number, events: CapturedEvent[]) =>
    applyBatch(
      {
        workspaceId: corpus.ws,
        sessionId: "live-session",
        distinctId: "live@funnel.test",
        batchId: randomUUID(),
        device: { browser: "chrome", os: "windows", device: "desktop" },
        country: "DE",
        retentionDays: 30,
        chunkKey: `seed/live-${at}`,
        sizeBytes: 0,
      },
      { ...emptySummary(at, at), eventCount: events.length, hasFullSnapshot: true, events },
    );
  await visit(now - 1000, [
    { name: "$pageview", at: now - 1000, url: `${ORIGIN}/`, props: {} },
    { name: "$pageview", at: now - 500, url: `${ORIGIN}/checkout`, props: {} },
  ]);
  expect((await runFunnel(corpus.ws, q)).paths.map((p) => [p.distinctId, p.reached])).toEqual([
    ["live@funnel.test", 2],
  ]);
  await visit(now, [{ name: "order_completed", at: now, props: {} }]);
  expect((await runFunnel(corpus.ws, q)).paths.map((p) => [p.distinctId, p.reached])).toEqual([
    ["live@funnel.test", 3],
  ]);
});

test("a snapshot of another version, or unreadable, is rebuilt rather than served", async () => {
  const key = eventKeys.byName(corpus.ws, "order_completed");
  const first = corpus.events.find((e) => e.name === "order_completed")!;
  const hour = Math.floor(first.at / HOUR_MS);
  // The corpus's days ended long ago: each is one snapshot.
  const day = { first: Math.floor(hour / 24) * 24, hours: 24 };
  const store = await kv();
  const [before] = (await eventHoursOf(corpus.ws, [key], hour * HOUR_MS, hour * HOUR_MS))!;
  expect(Array.from({ length: before!.length }, (_, i) => eventIdOf(before!, i))).toContain(first.id);
  await store.set(eventHourKeys.snapshot(corpus.ws, key, day), "{not json");
  clearDecodedEventHours(); // as another process would: the stored snapshot is read
  const [again] = (await eventHoursOf(corpus.ws, [key], hour * HOUR_MS, hour * HOUR_MS))!;
  expect(again).toEqual(before);
  // A write that bypassed the version bump is not seen; one through ingest is (the test above).
  await store.hincrby(eventHourKeys.versions(corpus.ws, key), String(hour), 1);
  const raw = await store.get(eventHourKeys.snapshot(corpus.ws, key, day));
  const [rebuilt] = (await eventHoursOf(corpus.ws, [key], hour * HOUR_MS, hour * HOUR_MS))!;
  expect(rebuilt).toEqual(before);
  expect(await store.get(eventHourKeys.snapshot(corpus.ws, key, day))).not.toBe(raw);
});

test("the columnar engine agrees with the per-event one on random events, ties and repeats included", () => {
  const random = rng(7);
  for (let round = 0; round < 200; round++) {
    const events: StoredEvent[] = [];
    const persons = 1 + Math.floor(random() * 6);
    const count = Math.floor(random() * (round % 10 === 0 ? 200 : 40));
    let at = corpus.from;
    for (let i = 0; i < count; i++) {
      if (random() > 0.3) at += Math.floor(random() * 3_600_000);
      const page = random() < 0.5;
      events.push({
        id: `b${Math.floor(random() * 3)}.${i}`, // "b0.10" sorts before "b0.2", as ids do
        sessionId: `s${Math.floor(random() * 4)}`,
        distinctId: `p${Math.floor(random() * persons)}`,
        name: page ? "$pageview" : ["checkout_started", "order_completed"][Math.floor(random() * 2)]!,
        at,
        url: page ? `${ORIGIN}${["/", "/pricing", "/checkout"][Math.floor(random() * 3)]}` : undefined,
        props: { plan: random() < 0.5 ? "free" : "growth" },
      });
    }
    const unique = events;
    const q = randomQuery(random, corpus);
    const hourOf = eventHourOf({
      shapes: unique.map((e): [string, string | null, StoredEvent["props"]] => [
        e.name,
        e.url ?? null,
        e.props,
      ]),
      persons: unique.map((e) => e.distinctId!),
      sessions: unique.map((e) => e.sessionId),
      ids: unique.map((e) => e.id),
      rows: unique.flatMap((e, i) => [e.at, i, i, i]),
    });
    const inRange = unique.filter((e) => e.at >= q.from && e.at <= q.to + q.windowMs);
    const expected = funnelPaths(q, inRange, (e) => e.distinctId!);
    const { paths } = funnelPathsOfHours(q, [hourOf], (who) => who);
    expect(paths, JSON.stringify(q)).toEqual(expected);
  }
});

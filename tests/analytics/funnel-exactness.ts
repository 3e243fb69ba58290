import { expect } from "vitest";
import type { FunnelQuery, FunnelStep } from "@/lib/analytics/funnel";
import { CONVERT_BUCKETS, stepPersons } from "@/lib/analytics/funnel";
import { runFunnel } from "@/lib/analytics/run-funnel";
import { sessionFacts } from "@/lib/data/sessions";
import { rng } from "@/lib/seed";
import { bruteForcePerson, type Corpus, NAMES, PATHS, type TruthEvent } from "./funnel-corpus";

export { type Corpus, seedFunnelCorpus } from "./funnel-corpus";

/** The funnel engine against the brute force of funnel-corpus.ts, on random funnels. */

export function randomQuery(random: () => number, c: Corpus): FunnelQuery {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const n = 2 + Math.floor(random() * 3);
  const steps: FunnelStep[] = Array.from({ length: n }, () => {
    if (random() < 0.5) {
      const mode = random() < 0.5 ? "equals" : "prefix";
      return {
        kind: "pageview",
        url: { mode, value: mode === "prefix" ? "/checkout" : pick(PATHS) },
        where: [],
      };
    }
    return {
      kind: "event",
      name: pick(NAMES),
      where:
        random() < 0.3
          ? [{ key: "plan", op: random() < 0.5 ? "equals" : "not_equals", value: "growth" }]
          : [],
    };
  });
  const windowMs = pick([60_000, 3_600_000, 86_400_000, 7 * 86_400_000]);
  const from = c.from + Math.floor(random() * 3 * 86_400_000);
  const to = c.to - Math.floor(random() * 3 * 86_400_000);
  return { steps, windowMs, from, to };
}

/** Runs `count` random funnels through the engine and the brute force; returns how many persons were checked. */
export async function checkFunnels(c: Corpus, count: number): Promise<number> {
  const random = rng(99);
  const byPerson = new Map<string, TruthEvent[]>();
  for (const e of c.events) byPerson.set(e.person, [...(byPerson.get(e.person) ?? []), e]);
  let checked = 0;
  for (let i = 0; i < count; i++) {
    const q = randomQuery(random, c);
    const expected = new Map<string, TruthEvent[]>();
    for (const [person, evs] of byPerson) {
      const path = bruteForcePerson(q, evs);
      if (path) expected.set(person, path);
    }
    const { result, paths } = await runFunnel(c.ws, q);
    const label = JSON.stringify(q);
    expect(paths.length, label).toBe(expected.size);
    for (const p of paths) {
      const truth = expected.get(p.distinctId);
      expect(truth, label).toBeDefined();
      expect(
        p.steps.map((s) => [s.eventId, s.at, s.sessionId]),
        label,
      ).toEqual(truth!.map((e) => [e.id, e.at, e.sessionId]));
      checked++;
    }
    for (let k = 0; k < q.steps.length; k++) {
      const reached = [...expected.values()].filter((path) => path.length > k).length;
      expect(result.steps[k]!.persons, label).toBe(reached);
      // The drop-off list of step k and each person's replay moment: their last step's event.
      if (k === 0) continue;
      const dropped = stepPersons(paths, k, "dropped");
      const truthDropped = [...expected.entries()].filter(([, path]) => path.length === k);
      expect(dropped.map((d) => d.distinctId).sort(), label).toEqual(truthDropped.map(([p]) => p).sort());
      const sessions = await sessionFacts(c.ws, [...new Set(dropped.map((d) => d.moment.sessionId))]);
      for (const d of dropped) {
        const last = expected.get(d.distinctId)!.at(-1)!;
        expect([d.moment.sessionId, d.moment.at]).toEqual([last.sessionId, last.at]);
        const session = sessions.get(d.moment.sessionId)!;
        expect(session.distinctId).toBe(d.distinctId);
        expect(d.moment.at).toBeGreaterThanOrEqual(session.startedAt);
      }
    }
    // Conversion by day entered, and time to convert, from the same truth.
    const n = q.steps.length;
    const DAY = 86_400_000;
    for (const row of result.trend) {
      const entered = [...expected.values()].filter(
        (path) => Math.floor(path[0]!.at / DAY) * DAY === row.day,
      );
      expect([row.entered, row.converted], `${label} day ${row.day}`).toEqual([
        entered.length,
        entered.filter((path) => path.length === n).length,
      ]);
    }
    expect(
      result.trend.reduce((sum, d) => sum + d.entered, 0),
      label,
    ).toBe(expected.size);
    const took = [...expected.values()]
      .filter((path) => path.length === n)
      .map((path) => path[n - 1]!.at - path[0]!.at);
    expect(
      result.timeToConvert.map((b) => b.persons),
      label,
    ).toEqual(
      CONVERT_BUCKETS.map(
        ([max], i) => took.filter((t) => t < max && t >= (CONVERT_BUCKETS[i - 1]?.[0] ?? 0)).length,
      ),
    );
  }
  return checked;
}

import { beforeAll, expect, test } from "vitest";
import { BOUNCE_MS, sessionMetrics } from "@/lib/search/metrics";
import { parseSearch } from "@/lib/search/parse";
import type { SeededSession } from "@/lib/seed";
import { useTempDataDir } from "../helpers/temp-data";
import { bruteForce, seedCorpus } from "./exactness";

const NOW = Date.UTC(2026, 10, 20);
let ws: string;
let truth: SeededSession[];

beforeAll(async () => {
  useTempDataDir();
  ({ ws, truth } = await seedCorpus(600, NOW));
}, 120_000);

function expected(query: string) {
  const ids = new Set(bruteForce(truth, parseSearch(query, NOW), "recent"));
  const rows = truth.filter((s) => ids.has(s.id));
  const n = rows.length;
  return {
    sessions: n,
    avgDurationMs: rows.reduce((a, s) => a + s.endedAt - s.startedAt, 0) / n,
    pagesPerSession: rows.reduce((a, s) => a + s.pages.length, 0) / n,
    bounceRate: rows.filter((s) => s.pages.length <= 1 && s.endedAt - s.startedAt < BOUNCE_MS).length / n,
    errorRate: rows.filter((s) => s.errors > 0).length / n,
  };
}

test.each(["", "device:mobile", "has:errors OR signal:rage", "-browser:chrome pages:>=2"])(
  "the metrics of %j equal brute force",
  async (q) => {
    const m = await sessionMetrics(ws, parseSearch(q, NOW));
    const e = expected(q);
    expect(m.exact).toBe(true);
    expect(m.sessions).toBe(e.sessions);
    expect(m.avgDurationMs).toBeCloseTo(e.avgDurationMs, 6);
    expect(m.pagesPerSession).toBeCloseTo(e.pagesPerSession, 9);
    expect(m.bounceRate).toBeCloseTo(e.bounceRate, 9);
    expect(m.errorRate).toBeCloseTo(e.errorRate, 9);
  },
);

test("beyond the cap the figures come from the newest sessions and say they are a sample", async () => {
  const m = await sessionMetrics(ws, parseSearch("", NOW), 100);
  expect(m.exact).toBe(false);
  expect(m.sessions).toBe(100);
});

test("once it has looked at enough recordings it stops, and the sample is the newest matches", async () => {
  const q = "-device:tablet";
  const ids = bruteForce(truth, parseSearch(q, NOW), "recent");
  expect(ids.length).toBeGreaterThan(200);
  // A look cap of 1 stops after the first page of 200 matches.
  const m = await sessionMetrics(ws, parseSearch(q, NOW), 2000, 1);
  expect(m.exact).toBe(false);
  expect(m.sessions).toBe(200);
  expect(m.lookedAt).toBeGreaterThanOrEqual(200);
  expect(m.stoppedLooking).toBe(true);
  expect((await sessionMetrics(ws, parseSearch(q, NOW), 100)).stoppedLooking).toBe(false);
  const newest = new Set(ids.slice(0, 200));
  const rows = truth.filter((s) => newest.has(s.id));
  expect(m.avgDurationMs).toBeCloseTo(rows.reduce((a, s) => a + s.endedAt - s.startedAt, 0) / 200, 6);
});

test.each([
  "",
  "device:mobile",
  "signal:rage after:10d",
  "page:=/checkout",
  "event:checkout_started",
  "browser:nope",
])("beyond the cap the count of %j is still exact when one index answers it", async (q) => {
  const m = await sessionMetrics(ws, parseSearch(q, NOW), 5);
  const count = bruteForce(truth, parseSearch(q, NOW), "recent").length;
  expect(m.total).toBe(count);
  expect(m.exact).toBe(count <= 5);
});

test("a count no single index answers is left as a lower bound", async () => {
  const m = await sessionMetrics(ws, parseSearch("device:mobile has:errors OR signal:rage", NOW), 5);
  expect(m.exact).toBe(false);
  expect(m.total).toBeNull();
  expect(m.sessions).toBe(5);
});

import { expect } from "vitest";
import {
  type AnalyticsResult,
  type Grain,
  type Segment,
  type SessionFigures,
  sessionAnalytics,
} from "@/lib/analytics/session-analytics";
import { forgetRollupReads, HISTOGRAM_ERROR, refreshRollup } from "@/lib/data/analytics-rollup";
import { applyBatch, deleteSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { emptySummary } from "@/lib/ingest/summarize";
import { parseSearch } from "@/lib/search/parse";
import { generateSessions, type SeededSession, writeSession } from "@/lib/seed";

/**
 * The hourly rollups against the per-session path (itself checked against the generator's ground
 * truth in session-analytics.test.ts), on a corpus written the awkward ways ingest meets: sessions
 * in one batch, in two batches arriving latest first (the session's start, and so its hour, moves
 * back), in three batches applied at once, batches applied twice, the post-batch step run again.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface RollupCorpus {
  ws: string;
  truth: SeededSession[];
  now: number;
}

/** One seeded session split into `parts` batches over its time span; pages, errors and clicks shared out. */
function batchesOf(s: SeededSession, parts: number) {
  const span = (s.endedAt - s.startedAt) / parts;
  return Array.from({ length: parts }, (_, k) => {
    const firstTs = s.startedAt + Math.floor(span * k);
    const lastTs = k === parts - 1 ? s.endedAt : s.startedAt + Math.floor(span * (k + 1));
    const share = <T>(xs: T[]) => xs.filter((_, i) => i % parts === k);
    const pages = share(s.pages);
    const errors = Array.from({ length: s.errors }).filter((_, i) => i % parts === k).length;
    return {
      ...emptySummary(firstTs, lastTs),
      eventCount: 10,
      pageCount: pages.length,
      errorCount: errors,
      pages: pages.map((p, i) => ({ url: `https://shop.example${p}`, at: firstTs + i })),
      hasFullSnapshot: k === 0,
      identified:
        k === 0 && Object.keys(s.props).length ? { distinctId: s.distinctId, properties: s.props } : null,
      firstViewAt: k === 0 ? s.startedAt : null,
      firstInteractionAt:
        k === parts - 1 && s.interactionMs !== undefined ? s.startedAt + s.interactionMs : null,
    };
  });
}

async function apply(ws: string, s: SeededSession, summary: ReturnType<typeof batchesOf>[number], k: number) {
  await applyBatch(
    {
      workspaceId: ws,
      sessionId: s.id,
      distinctId: s.distinctId,
      batchId: `${s.id}-${k}`,
      sdk: "seed",
      device: { browser: s.browser, os: s.os, device: s.device },
      country: s.country,
      retentionDays: 30,
      chunkKey: `seed/${s.id}/${k}`,
      sizeBytes: 0,
    },
    summary,
  );
}

async function writeAwkwardly(ws: string, s: SeededSession, i: number): Promise<void> {
  switch (i % 5) {
    case 0:
      return writeSession(ws, s);
    case 1: {
      // Latest first: the first batch to land starts later than the session does.
      const [a, b] = batchesOf(s, 2);
      await apply(ws, s, b!, 1);
      await apply(ws, s, a!, 0);
      return;
    }
    case 2:
      await Promise.all(batchesOf(s, 3).map((b, k) => apply(ws, s, b, k)));
      return;
    case 3: {
      // A batch applied twice (a retry that got past its claim): its counters count twice, in
      // the session and so in the rollups alike.
      const [a, b] = batchesOf(s, 2);
      await apply(ws, s, a!, 0);
      await apply(ws, s, b!, 1);
      await apply(ws, s, b!, 1);
      return;
    }
    default:
      // The post-batch step run again (a retried request): nothing may change.
      await writeSession(ws, s);
      await refreshRollup(ws, s.id);
  }
}

export async function seedRollupCorpus(n: number, now: number): Promise<RollupCorpus> {
  const user = await createUser({ email: `rollups-${Date.now()}@seed.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Rollups")).id;
  const truth = generateSessions(n, { seed: 11, now, spanDays: 20, persons: Math.ceil(n / 4) });
  for (let i = 0; i < truth.length; i += 40)
    await Promise.all(truth.slice(i, i + 40).map((s, j) => writeAwkwardly(ws, s, i + j)));
  return { ws, truth, now };
}

const near = (actual: number | null, want: number | null, what: string) => {
  if (want === null || actual === null) return expect(actual, what).toBe(want);
  expect(Math.abs(actual - want), what).toBeLessThanOrEqual(Math.max(1, want * HISTOGRAM_ERROR));
};

function sameFigures(a: SessionFigures, b: SessionFigures, what: string) {
  expect(a.sessions, `${what} sessions`).toBe(b.sessions);
  for (const k of ["avgDurationMs", "pagesPerSession", "bounceRate", "errorRate"] as const)
    expect(a[k], `${what} ${k}`).toBeCloseTo(b[k], 6);
  expect(a.interactionSessions, `${what} interactionSessions`).toBe(b.interactionSessions);
  expect(a.lcpSamples, `${what} lcpSamples`).toBe(b.lcpSamples);
  near(a.interactionMedianMs, b.interactionMedianMs, `${what} interaction median`);
  near(a.interactionP75Ms, b.interactionP75Ms, `${what} interaction p75`);
  near(a.lcpP75Ms, b.lcpP75Ms, `${what} lcp p75`);
}

/** Rollups and sessions agree on every query the rollups answer; returns how many were compared. */
export async function checkRollups({ ws, now }: RollupCorpus): Promise<number> {
  const ranges: [number, number][] = [
    [now - 7 * DAY, now],
    // Ragged at both ends: hours before the first whole day and after the last.
    [now - 14 * DAY - 5 * HOUR, now - 3 * HOUR],
    [now - 21 * DAY, now + DAY],
  ];
  const cases: [string, Segment, Grain][] = [
    ["", { kind: "none" }, "day"],
    ["", { kind: "device" }, "hour"],
    ["", { kind: "browser" }, "week"],
    ["", { kind: "country" }, "day"],
    ["has:errors", { kind: "none" }, "hour"],
    ["device:Mobile", { kind: "none" }, "day"],
    ["country:de", { kind: "none" }, "week"],
  ];
  let compared = 0;
  for (const [after, before] of ranges) {
    for (const [q, segment, grain] of cases) {
      const filter = { ...parseSearch(q), after, before };
      const what = `${q || "(all)"} by ${segment.kind} per ${grain} over [${after}, ${before})`;
      const rolled: AnalyticsResult = await sessionAnalytics(ws, filter, segment, 3, 50_000, null, grain);
      // A process that kept nothing reads the same from the compact strings the first one wrote.
      forgetRollupReads();
      expect(await sessionAnalytics(ws, filter, segment, 3, 50_000, null, grain), what).toEqual(rolled);
      const read = await sessionAnalytics(ws, filter, segment, 3, 50_000, null, grain, { rollups: false });
      expect(rolled.rollup, what).not.toBeNull();
      expect(read.rollup).toBeNull();
      expect(read.exact).toBe(true);
      sameFigures(rolled.overall, read.overall, what);
      expect(rolled.series, what).toEqual(read.series);
      expect(rolled.days, what).toEqual(read.days);
      expect(rolled.segments?.map((s) => s.value) ?? null, what).toEqual(
        read.segments?.map((s) => s.value) ?? null,
      );
      for (const [i, seg] of (rolled.segments ?? []).entries())
        sameFigures(seg.figures, read.segments![i]!.figures, `${what} segment ${seg.value}`);
      compared += rolled.overall.sessions;
    }
  }
  return compared;
}

/** Deletes every seventh session (as retention does) and checks again. */
export async function deleteSomeAndCheck(corpus: RollupCorpus): Promise<number> {
  for (const s of corpus.truth.filter((_, i) => i % 7 === 0)) await deleteSession(corpus.ws, s.id);
  return checkRollups(corpus);
}

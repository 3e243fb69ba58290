import { beforeAll, expect, test } from "vitest";
import { sessionAnalytics as analytics } from "@/lib/analytics/session-analytics";
import { parseSearch } from "@/lib/search/parse";
import { type SeededSession, seededLoadMs } from "@/lib/seed";
import { seededWorkspace } from "../helpers/seeded";
import { useTempDataDir } from "../helpers/temp-data";

/** Session analytics against the same figures computed from the generator's ground truth. */

/**
 * The per-session path, which reads the sessions: the hourly rollups are checked against it in
 * rollup.embedded.test.ts (and on Redis and a cluster).
 */
const sessionAnalytics = (...args: Parameters<typeof analytics>) => {
  const [ws, filter, segment, depth = 3, cap, flowStart = null, grain = "day"] = args;
  return analytics(ws, filter, segment, depth, cap, flowStart, grain, { rollups: false });
};

const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;
let ws: string;
let truth: SeededSession[];

beforeAll(async () => {
  useTempDataDir();
  ({ ws, truth } = await seededWorkspace("Analytics Co", 3000, {
    seed: 5,
    now: NOW,
    spanDays: 40,
    persons: 700,
  }));
}, 300_000);

function expected(sessions: SeededSession[]) {
  const n = sessions.length;
  const perPerson = new Map<string, number>();
  for (const s of sessions) perPerson.set(s.distinctId, (perPerson.get(s.distinctId) ?? 0) + 1);
  const loads = sessions.flatMap((s) => s.pages.map((_, i) => seededLoadMs(s, i)));
  const dur = (s: SeededSession) => s.endedAt - s.startedAt;
  return {
    sessions: n,
    persons: perPerson.size,
    avgDurationMs: sessions.reduce((a, s) => a + dur(s), 0) / n,
    pagesPerSession: sessions.reduce((a, s) => a + s.pages.length, 0) / n,
    bounceRate: sessions.filter((s) => s.pages.length <= 1 && dur(s) < 10_000).length / n,
    returnRate: [...perPerson.values()].filter((c) => c > 1).length / perPerson.size,
    errorRate: sessions.filter((s) => s.errors > 0).length / n,
    avgLoadMs: loads.reduce((a, b) => a + b, 0) / loads.length,
    loadSamples: loads.length,
  };
}

const close = (actual: Record<string, number | null>, want: Record<string, number>) => {
  for (const [k, v] of Object.entries(want)) expect(actual[k], k).toBeCloseTo(v, 6);
};

test("figures over a range and a filter equal the ground truth's; days add up", async () => {
  const after = NOW - 14 * DAY;
  const before = NOW;
  const inRange = truth.filter((s) => s.startedAt >= after && s.startedAt < before);
  const all = await sessionAnalytics(ws, { expr: null, after, before }, { kind: "none" });
  expect(all.exact).toBe(true);
  close(all.overall as never, expected(inRange));
  expect(all.days).toHaveLength(15);
  expect(all.days.reduce((a, d) => a + d.sessions, 0)).toBe(inRange.length);
  const day = all.days.find((d) => d.sessions > 0)!;
  expect(day.sessions).toBe(
    inRange.filter((s) => new Date(s.startedAt).toISOString().startsWith(day.day)).length,
  );

  const mobile = await sessionAnalytics(
    ws,
    { ...parseSearch("device:mobile has:errors"), after, before },
    { kind: "none" },
  );
  close(mobile.overall as never, expected(inRange.filter((s) => s.device === "mobile" && s.errors > 0)));

  // One indexed condition: read straight from its index, the same figures.
  const errors = await sessionAnalytics(
    ws,
    { ...parseSearch("has:errors"), after, before },
    { kind: "none" },
  );
  expect(errors.exact).toBe(true);
  close(errors.overall as never, expected(inRange.filter((s) => s.errors > 0)));
  const none = await sessionAnalytics(
    ws,
    { ...parseSearch("browser:nosuch"), after, before },
    { kind: "none" },
  );
  expect(none.overall.sessions).toBe(0);
});

test("beyond the cap the figures are the newest sessions', and the days begin where the sample does", async () => {
  const after = NOW - 14 * DAY;
  const before = NOW;
  const newest = truth
    .filter((s) => s.startedAt >= after && s.startedAt < before)
    .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1))
    .slice(0, 250);
  const sampled = await sessionAnalytics(ws, { expr: null, after, before }, { kind: "none" }, 3, 250);
  expect(sampled.exact).toBe(false);
  close(sampled.overall as never, expected(newest));
  expect(sampled.sampledSince).toBe(newest.at(-1)!.startedAt);
  expect(sampled.days[0]!.day).toBe(new Date(newest.at(-1)!.startedAt).toISOString().slice(0, 10));
  expect(sampled.days.at(-1)!.day).toBe(new Date(before).toISOString().slice(0, 10));
  expect(sampled.days.reduce((a, d) => a + d.sessions, 0)).toBe(250);
});

test("segments by device, person property and new vs returning match the ground truth", async () => {
  const after = NOW - 10 * DAY;
  const before = NOW;
  const inRange = truth.filter((s) => s.startedAt >= after && s.startedAt < before);
  const byDevice = await sessionAnalytics(ws, { expr: null, after, before }, { kind: "device" });
  for (const seg of byDevice.segments!)
    close(seg.figures as never, expected(inRange.filter((s) => s.device === seg.value)));

  const byPlan = await sessionAnalytics(ws, { expr: null, after, before }, { kind: "prop", key: "plan" });
  for (const seg of byPlan.segments!) {
    const want = inRange.filter((s) => (s.props.plan ?? "(none)") === seg.value);
    expect(seg.figures.sessions, seg.value).toBe(want.length);
  }

  const firstStart = new Map<string, number>();
  for (const s of truth)
    firstStart.set(s.distinctId, Math.min(firstStart.get(s.distinctId) ?? Infinity, s.startedAt));
  const byNew = await sessionAnalytics(ws, { expr: null, after, before }, { kind: "new_returning" });
  const isNew = (s: SeededSession) => firstStart.get(s.distinctId) === s.startedAt;
  const segs = Object.fromEntries(byNew.segments!.map((s) => [s.value, s.figures.sessions]));
  expect(segs).toEqual({
    ...(inRange.some(isNew) && { new: inRange.filter(isNew).length }),
    returning: inRange.filter((s) => !isNew(s)).length,
  });
  // The per-day chart's series sum to the day's sessions.
  for (const d of byNew.days) expect(Object.values(d.bySegment).reduce((a, b) => a + b, 0)).toBe(d.sessions);
});

test("paths: top sequences of the first pages, entry and exit pages with rates, as in the ground truth", async () => {
  const after = NOW - 20 * DAY;
  const before = NOW;
  const inRange = truth.filter((s) => s.startedAt >= after && s.startedAt < before);
  const { paths } = await sessionAnalytics(ws, { expr: null, after, before }, { kind: "none" }, 2);
  const collapsed = (s: SeededSession) => s.pages.filter((p, i, all) => i === 0 || all[i - 1] !== p);
  const count = (key: (s: SeededSession) => string) => {
    const m = new Map<string, number>();
    for (const s of inRange) m.set(key(s), (m.get(key(s)) ?? 0) + 1);
    return m;
  };
  const seqs = count((s) => JSON.stringify(collapsed(s).slice(0, 2)));
  for (const row of paths.sequences) {
    expect(row.sessions, row.pages.join(" → ")).toBe(seqs.get(JSON.stringify(row.pages)));
    expect(row.share).toBeCloseTo(row.sessions / inRange.length, 9);
  }
  expect(paths.sequences[0]!.sessions).toBe(Math.max(...seqs.values()));
  const entries = count((s) => collapsed(s)[0]!);
  for (const e of paths.entries) {
    const of = inRange.filter((s) => collapsed(s)[0] === e.path);
    expect(e.sessions).toBe(entries.get(e.path));
    expect(e.bounceRate).toBeCloseTo(
      of.filter((s) => s.pages.length <= 1 && s.endedAt - s.startedAt < 10_000).length / of.length,
      9,
    );
  }
  for (const x of paths.exits) {
    const viewed = inRange.filter((s) => s.pages.includes(x.path));
    const exited = inRange.filter((s) => collapsed(s).at(-1) === x.path);
    expect([x.sessions, x.views]).toEqual([exited.length, viewed.length]);
  }
});

test("hour and week grains: buckets cover the range and count each session once, in its UTC hour or Monday week", async () => {
  const after = NOW - 3 * DAY;
  const before = NOW;
  const inRange = truth.filter((s) => s.startedAt >= after && s.startedAt < before);
  const byHour = await sessionAnalytics(
    ws,
    { expr: null, after, before },
    { kind: "none" },
    3,
    50_000,
    null,
    "hour",
  );
  expect(byHour.grain).toBe("hour");
  expect(byHour.days).toHaveLength(72);
  expect(byHour.days[0]!.day).toBe(`${new Date(after).toISOString().slice(0, 13).replace("T", " ")}:00`);
  expect(byHour.days.reduce((a, d) => a + d.sessions, 0)).toBe(inRange.length);
  const busy = byHour.days.find((d) => d.sessions > 0)!;
  const hourStart = Date.parse(`${busy.day.replace(" ", "T")}:00Z`);
  expect(busy.sessions).toBe(
    inRange.filter((s) => s.startedAt >= hourStart && s.startedAt < hourStart + 3_600_000).length,
  );

  const wide = NOW - 30 * DAY;
  const inWide = truth.filter((s) => s.startedAt >= wide && s.startedAt < before);
  const byWeek = await sessionAnalytics(
    ws,
    { expr: null, after: wide, before },
    { kind: "none" },
    3,
    50_000,
    null,
    "week",
  );
  // 2026-11-20 is a Friday: its week began on Monday 2026-11-16; 30 days back (Oct 21, a Wednesday) is in the week of Oct 19.
  expect(byWeek.days.map((d) => d.day)).toEqual([
    "2026-10-19",
    "2026-10-26",
    "2026-11-02",
    "2026-11-09",
    "2026-11-16",
  ]);
  expect(byWeek.days.reduce((a, d) => a + d.sessions, 0)).toBe(inWide.length);
  const week = (day: string) =>
    inWide.filter((s) => s.startedAt >= Date.parse(day) && s.startedAt < Date.parse(day) + 7 * DAY).length;
  for (const d of byWeek.days) expect(d.sessions, d.day).toBe(week(d.day));
});

test("time to first interaction: median and p75 (nearest rank) over the sessions that had one", async () => {
  const after = NOW - 14 * DAY;
  const before = NOW;
  const rank = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.ceil(sorted.length * q) - 1]! : null;
  };
  for (const [q, keep] of [
    ["", () => true],
    ["device:mobile", (s: SeededSession) => s.device === "mobile"],
  ] as const) {
    const times = truth
      .filter((s) => s.startedAt >= after && s.startedAt < before && keep(s))
      .flatMap((s) => (s.interactionMs === undefined ? [] : [s.interactionMs]));
    const { overall } = await sessionAnalytics(ws, { ...parseSearch(q), after, before }, { kind: "none" });
    expect(times.length).toBeGreaterThan(10);
    expect(overall.interactionSessions).toBe(times.length);
    expect(overall.interactionMedianMs).toBe(rank(times, 0.5));
    expect(overall.interactionP75Ms).toBe(rank(times, 0.75));
  }
  const none = await sessionAnalytics(
    ws,
    { ...parseSearch("browser:nosuch"), after, before },
    { kind: "none" },
  );
  expect(none.overall.interactionMedianMs).toBeNull();
});

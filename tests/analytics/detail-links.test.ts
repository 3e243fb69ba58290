import { beforeAll, expect, test } from "vitest";
import { detailSince, recordingsSearch } from "@/lib/analytics/detail-links";
import { flowDropSearch, flowSteps, type PageFlow } from "@/lib/analytics/page-flow";
import {
  ANALYTICS_CAP,
  type AnalyticsResult,
  DETAIL_CAP,
  sessionAnalytics,
} from "@/lib/analytics/session-analytics";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { querySessions } from "@/lib/search/engine";
import type { Condition } from "@/lib/search/filter";
import { parseSearch } from "@/lib/search/parse";
import { bulkWriteSeeded, generateSessions } from "@/lib/seed";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * Past DETAIL_CAP sessions the Analytics page counts paths and the flow over the newest ones only
 * (the rollups count the rest); each drill-down link must then search those sessions, not the
 * whole range, or it finds more recordings than the diagram says.
 */

const NOW = Date.UTC(2026, 10, 20, 12, 30);
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DAYS = 30;
const SESSIONS = 1_400;
/** Sessions around the cap's boundary that all started in one millisecond. */
const TIED = { from: DETAIL_CAP - 5, to: DETAIL_CAP + 6 };

let ws: string;

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: `detail-links-${Date.now()}@seed.test`, name: "" });
  ws = (await createWorkspace(user.id, "Detail links")).id;
  const sessions = generateSessions(SESSIONS, { seed: 23, now: NOW, spanDays: 10, persons: 400 }).sort(
    (a, b) => b.startedAt - a.startedAt,
  );
  // A tie across the cap: the sample must take all of it or none, as `after:` does.
  const boundary = sessions[DETAIL_CAP]!.startedAt;
  for (let i = TIED.from; i < TIED.to; i++) {
    const s = sessions[i]!;
    sessions[i] = { ...s, startedAt: boundary, endedAt: boundary + (s.endedAt - s.startedAt) };
  }
  await bulkWriteSeeded(ws, sessions);
}, 120_000);

/** The page's range (whole UTC hours through the current one) and its analytics, rollups on. */
function analytics(flowAnchor: Parameters<typeof sessionAnalytics>[5], q = ""): Promise<AnalyticsResult> {
  const before = Math.floor(NOW / HOUR) * HOUR + HOUR;
  return sessionAnalytics(
    ws,
    { ...parseSearch(q, NOW), after: before - DAYS * DAY, before },
    { kind: "none" },
    3,
    ANALYTICS_CAP,
    flowAnchor,
  );
}

/** How many recordings the link's search finds, read as the recordings page reads it. */
async function found(result: AnalyticsResult, condition: Condition, q = ""): Promise<number> {
  const filter = parseSearch(recordingsSearch(q, DAYS, detailSince(result), condition), NOW);
  let n = 0;
  let cursor: string | null = null;
  do {
    const page = await querySessions(ws, filter, { sort: "recent", cursor, limit: 500 });
    n += page.sessions.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

async function expectFlowLinksMatch(result: AnalyticsResult, flow: PageFlow, q = ""): Promise<number> {
  let checked = 0;
  const path = (steps: string[], exact = false): Condition => ({ kind: "path", steps, exact });
  for (const node of flow.nodes) {
    const steps = flowSteps(flow, node);
    if (!steps) continue;
    expect(await found(result, path(steps), q), `node ${steps.join(">")}`).toBe(node.sessions);
    const drop = flowDropSearch(flow, node)!;
    expect(await found(result, path(drop.steps, drop.exact), q), `drop ${drop.steps.join(">")}`).toBe(
      flow.end ? node.entries : node.exits,
    );
    checked += 2;
  }
  for (const link of flow.links) {
    const steps = flowSteps(flow, flow.nodes[link.source]!, flow.nodes[link.target]!);
    if (!steps) continue;
    expect(await found(result, path(steps), q), `link ${steps.join(">")}`).toBe(link.sessions);
    checked++;
  }
  return checked;
}

test("past the detail cap the sample ends on a whole millisecond and the links begin at it", async () => {
  const result = await analytics({ kind: "from", page: null });
  expect(result.overall.sessions).toBe(SESSIONS);
  expect(result.rollup).toMatchObject({ detailExact: false, detailSessions: TIED.to });
  expect(detailSince(result)).not.toBeNull();
  expect(recordingsSearch("device:mobile", DAYS, detailSince(result))).toBe(
    `device:mobile after:${new Date(detailSince(result)!).toISOString()}`,
  );
  expect(recordingsSearch("", DAYS)).toBe(`after:${DAYS}d`);
});

test("every flow node, link and drop-off past the cap opens exactly the recordings it counts", async () => {
  const result = await analytics({ kind: "from", page: null });
  expect(result.rollup?.detailExact).toBe(false);
  expect(result.flow.sessions).toBeGreaterThan(DETAIL_CAP);
  expect(await expectFlowLinksMatch(result, result.flow)).toBeGreaterThan(20);
}, 60_000);

test("a flow to an end page past the cap: every node, link and drop-in opens what it counts", async () => {
  const result = await analytics({ kind: "to", page: "/checkout" });
  expect(result.rollup?.detailExact).toBe(false);
  expect(result.flow.end).toBe("/checkout");
  expect(await expectFlowLinksMatch(result, result.flow)).toBeGreaterThan(20);
}, 60_000);

test("the path tables' links past the cap find what their rows count", async () => {
  const result = await analytics(null);
  const { sequences, entries, exits } = result.paths;
  for (const s of sequences)
    expect(await found(result, { kind: "path", steps: s.pages, exact: s.pages.length < 3 })).toBe(s.sessions);
  for (const e of entries)
    expect(await found(result, { kind: "path", steps: [e.path], exact: false })).toBe(e.sessions);
  for (const x of exits)
    expect(await found(result, { kind: "page", mode: "equals", value: x.path })).toBe(x.views);
}, 60_000);

test("a sample walked by the search engine (no single index) also ends on a whole millisecond", async () => {
  // `pages:>0` is every session here, but no one index holds exactly its matches.
  const q = "pages:>0";
  const before = Math.floor(NOW / HOUR) * HOUR + HOUR;
  const result = await sessionAnalytics(
    ws,
    { ...parseSearch(q, NOW), after: before - DAYS * DAY, before },
    { kind: "none" },
    3,
    DETAIL_CAP,
    { kind: "from", page: null },
    "day",
    { rollups: false },
  );
  expect(result.exact).toBe(false);
  expect(result.overall.sessions).toBe(TIED.to);
  expect(await expectFlowLinksMatch(result, result.flow, q)).toBeGreaterThan(20);
}, 60_000);

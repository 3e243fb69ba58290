import { beforeAll, expect, test } from "vitest";
import {
  flowAnchorOf,
  flowDropSearch,
  flowSteps,
  type PageFlow,
  pageFlow,
  pageFlowTo,
} from "@/lib/analytics/page-flow";
import { sessionAnalytics } from "@/lib/analytics/session-analytics";
import { querySessions } from "@/lib/search/engine";
import type { Filter } from "@/lib/search/filter";
import { parseSearch } from "@/lib/search/parse";
import { printSearch } from "@/lib/search/print";
import { seededWorkspace } from "../helpers/seeded";
import { useTempDataDir } from "../helpers/temp-data";

const NOW = Date.UTC(2026, 10, 20, 12);
const DAY = 86_400_000;

test("a flow counts each step's pages, where visitors went next and where they left", () => {
  const flow = pageFlow(
    [["/", "/pricing", "/signup"], ["/", "/pricing"], ["/", "/docs"], ["/blog"]],
    3,
    null,
  );
  const at = (step: number, path: string) => flow.nodes.find((n) => n.step === step && n.path === path)!;
  expect(at(0, "/")).toMatchObject({ sessions: 3, exits: 0 });
  expect(at(0, "/blog")).toMatchObject({ sessions: 1, exits: 1 });
  expect(at(1, "/pricing")).toMatchObject({ sessions: 2, exits: 1 });
  expect(at(2, "/signup")).toMatchObject({ sessions: 1, exits: 1 });
  const link = (from: string, to: string) =>
    flow.links.find((l) => flow.nodes[l.source]!.path === from && flow.nodes[l.target]!.path === to)
      ?.sessions;
  expect(link("/", "/pricing")).toBe(2);
  expect(link("/", "/docs")).toBe(1);
  expect(flow.sessions).toBe(4);
});

test("pages beyond the top ones of a step are grouped, and no search is offered for the group", () => {
  const flow = pageFlow(
    ["/a", "/b", "/c", "/d"].map((p) => ["/", p]),
    2,
    null,
    2,
  );
  const other = flow.nodes.find((n) => n.step === 1 && n.path === null)!;
  expect(other.sessions).toBe(2);
  expect(flowSteps(flow, other)).toBeNull();
});

test("a flow from a start page counts only visits that began there, and its searches say so", () => {
  const flow = pageFlow(
    [
      ["/", "/a"],
      ["/x", "/a"],
    ],
    2,
    "/x",
  );
  expect(flow.sessions).toBe(1);
  const a = flow.nodes.find((n) => n.path === "/a")!;
  expect(flowSteps(flow, a)).toEqual(["/x", "/a"]);
});

test("a flow to an end page counts the steps back from each visit's first arrival there", () => {
  const flow = pageFlowTo(
    [
      ["/", "/pricing", "/checkout"],
      ["/blog", "/pricing", "/checkout", "/docs", "/checkout"],
      ["/pricing", "/checkout"],
      ["/checkout"],
      ["/", "/docs"],
    ],
    3,
    "/checkout",
  );
  // Four visits reached it; the one that never did is left out.
  expect(flow.sessions).toBe(4);
  const at = (step: number, path: string) => flow.nodes.find((n) => n.step === step && n.path === path)!;
  expect(at(0, "/checkout")).toMatchObject({ sessions: 4, entries: 1, exits: 0 });
  // The second visit's later /docs → /checkout is past its first arrival: not counted.
  expect(flow.nodes.some((n) => n.path === "/docs")).toBe(false);
  expect(at(1, "/pricing")).toMatchObject({ sessions: 3, entries: 1 });
  expect(at(2, "/")).toMatchObject({ sessions: 1, entries: 1 });
  expect(at(2, "/blog")).toMatchObject({ sessions: 1, entries: 1 });
  // Links go the way the visit went: from the earlier page to the later one.
  const link = (from: string, to: string) =>
    flow.links.find((l) => flow.nodes[l.source]!.path === from && flow.nodes[l.target]!.path === to)
      ?.sessions;
  expect(link("/pricing", "/checkout")).toBe(3);
  expect(link("/blog", "/pricing")).toBe(1);
  expect(link("/checkout", "/pricing")).toBeUndefined();
  expect(flowSteps(flow, at(2, "/blog"))).toEqual(["**", "/blog", "*", "/checkout"]);
  expect(flowSteps(flow, at(2, "/blog"), at(1, "/pricing"))).toEqual([
    "**",
    "/blog",
    "/pricing",
    "/checkout",
  ]);
  expect(flowDropSearch(flow, at(1, "/pricing"))).toEqual({
    steps: ["^", "/pricing", "/checkout"],
    exact: false,
  });
});

test("the page's query chooses the flow's anchor, the older from= still read", () => {
  expect(flowAnchorOf({ flow: "to", page: "/checkout" })).toEqual({ kind: "to", page: "/checkout" });
  expect(flowAnchorOf({ flow: "to", page: "" })).toEqual({ kind: "from", page: null });
  expect(flowAnchorOf({ flow: "from", page: "/pricing" })).toEqual({ kind: "from", page: "/pricing" });
  expect(flowAnchorOf({ from: "/pricing" })).toEqual({ kind: "from", page: "/pricing" });
  expect(flowAnchorOf({ flow: "to", page: "checkout" })).toEqual({ kind: "from", page: null });
});

let ws: string;

beforeAll(async () => {
  useTempDataDir();
  ({ ws } = await seededWorkspace("Flow Co", 600, { seed: 11, now: NOW, spanDays: 20, persons: 200 }));
}, 300_000);

async function count(filter: Filter): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page = await querySessions(ws, filter, { sort: "recent", cursor, limit: 200 });
    n += page.sessions.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

const range = { after: NOW - 20 * DAY, before: NOW };

/** Sessions a search finds, through the printed search language as the diagram's links are. */
async function search(steps: string[], exactEnd = false): Promise<number> {
  const q = printSearch({ expr: { kind: "path", steps, exact: exactEnd } });
  return count({ ...parseSearch(q), ...range });
}

/** Every node, its drop-off or drop-in, and the first links: each search finds the diagram's count. */
async function expectSearchesMatch(flow: PageFlow): Promise<void> {
  for (const node of flow.nodes) {
    const steps = flowSteps(flow, node);
    if (!steps) continue;
    expect(await search(steps), `node ${steps.join(">")}`).toBe(node.sessions);
    const drop = flowDropSearch(flow, node)!;
    expect(await search(drop.steps, drop.exact), `drop ${drop.steps.join(">")}`).toBe(
      flow.end ? node.entries : node.exits,
    );
  }
  for (const link of flow.links.slice(0, 12)) {
    const steps = flowSteps(flow, flow.nodes[link.source]!, flow.nodes[link.target]!);
    if (!steps) continue;
    expect(await search(steps), `link ${steps.join(">")}`).toBe(link.sessions);
  }
}

test("every node, link and drop-off of the flow opens exactly the recordings it counts", async () => {
  for (const page of [null, "/"]) {
    const { flow, exact } = await sessionAnalytics(
      ws,
      { expr: null, ...range },
      { kind: "none" },
      3,
      50_000,
      { kind: "from", page },
    );
    expect(exact).toBe(true);
    expect(flow.nodes.length).toBeGreaterThan(3);
    await expectSearchesMatch(flow);
  }
}, 300_000);

test("every node, link and drop-in of a flow to an end page opens exactly the recordings it counts", async () => {
  const { paths } = await sessionAnalytics(ws, { expr: null, ...range }, { kind: "none" }, 3, 50_000);
  // The page most visits left from, and the one most passed through on the way elsewhere.
  const ends = [paths.exits[0]!.path, paths.exits.toSorted((a, b) => a.exitRate - b.exitRate)[0]!.path];
  for (const end of new Set(ends)) {
    const { flow, exact } = await sessionAnalytics(
      ws,
      { expr: null, ...range },
      { kind: "none" },
      4,
      50_000,
      { kind: "to", page: end },
    );
    expect(exact).toBe(true);
    expect(flow.end).toBe(end);
    expect(flow.nodes.filter((n) => n.step >= 2).length, `paths to ${end}`).toBeGreaterThan(1);
    expect(flow.nodes.some((n) => n.entries > 0 && n.step > 0)).toBe(true);
    // The end node holds every visit that reached the page, as `page:=` finds them.
    expect(flow.nodes.find((n) => n.step === 0)!.sessions).toBe(
      await count({ ...parseSearch(`page:=${end}`), ...range }),
    );
    await expectSearchesMatch(flow);
  }
}, 300_000);

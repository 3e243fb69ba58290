import { beforeAll, expect, test } from "vitest";
import { flowSteps, pageFlow } from "@/lib/analytics/page-flow";
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

test("every node, link and drop-off of the flow opens exactly the recordings it counts", async () => {
  const range = { after: NOW - 20 * DAY, before: NOW };
  for (const start of [null, "/"]) {
    const { flow, exact } = await sessionAnalytics(
      ws,
      { expr: null, ...range },
      { kind: "none" },
      3,
      50_000,
      start,
    );
    expect(exact).toBe(true);
    expect(flow.nodes.length).toBeGreaterThan(3);
    const search = async (steps: string[], exactEnd = false) => {
      // Through the printed search language, as the diagram's links are.
      const q = printSearch({ expr: { kind: "path", steps, exact: exactEnd } });
      return count({ ...parseSearch(q), ...range });
    };
    for (const node of flow.nodes) {
      const steps = flowSteps(flow, node);
      if (!steps) continue;
      expect(await search(steps), `node ${steps.join(">")}`).toBe(node.sessions);
      expect(await search(steps, true), `exits ${steps.join(">")}`).toBe(node.exits);
    }
    for (const link of flow.links.slice(0, 12)) {
      const steps = flowSteps(flow, flow.nodes[link.source]!, flow.nodes[link.target]!);
      if (!steps) continue;
      expect(await search(steps), `link ${steps.join(">")}`).toBe(link.sessions);
    }
  }
}, 300_000);

import { beforeAll, expect, test } from "vitest";
import { getProjectKey } from "@/lib/data/keys";
import { getSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { interactionMarks, summarizeBatch } from "@/lib/ingest/summarize";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import {
  batch,
  click,
  fullSnapshot,
  input,
  meta,
  moves,
  mutation,
  pageview,
  scroll,
  T0,
} from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * Time to first interaction: from the first full snapshot or page view to the first click, input
 * or scroll, kept by ingest whatever order the session's batches arrive in.
 */

let ws: string;
let key: string;

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "ttfi@ingest.test", name: "" });
  ws = (await createWorkspace(user.id, "First interaction")).id;
  key = (await getProjectKey(ws)).current;
});

const interactionOf = async (sid: string) => (await getSession(ws, sid))!.fields.interactionMs;

test("marks: the first view and the first click, input or scroll; mouse moves and mutations are not interactions", () => {
  const events = [
    meta(T0),
    fullSnapshot(T0 + 5),
    moves(T0 + 100, [1, 2, 3]),
    mutation(T0 + 200),
    pageview(T0 + 300, "https://shop.example/"),
    input(T0 + 2_000),
    click(T0 + 2_500),
  ] as RrwebEvent[];
  expect(interactionMarks(events)).toEqual({ view: T0 + 5, interaction: T0 + 2_000 });
  expect(interactionMarks([meta(T0), scroll(T0 + 40)] as RrwebEvent[])).toEqual({
    view: null,
    interaction: T0 + 40,
  });
  const s = summarizeBatch([pageview(T0, "https://shop.example/"), click(T0 + 900)] as RrwebEvent[]);
  expect([s.firstViewAt, s.firstInteractionAt]).toEqual([T0, T0 + 900]);
});

test("two batches in order: the view in the first, the interaction in the second", async () => {
  const sessionId = "ttfi-in-order";
  await ingestBatch(key, batch([meta(T0), fullSnapshot(T0 + 10), mutation(T0 + 500)], { sessionId, seq: 0 }));
  expect(await interactionOf(sessionId)).toBeUndefined();
  await ingestBatch(key, batch([click(T0 + 4_210), scroll(T0 + 5_000)], { sessionId, seq: 1 }));
  expect(await interactionOf(sessionId)).toBe(4_200);
  // A later batch with its own page view and clicks changes nothing: only the first ones count.
  await ingestBatch(
    key,
    batch([pageview(T0 + 30_000, "https://shop.example/b"), click(T0 + 30_100)], { sessionId, seq: 2 }),
  );
  expect(await interactionOf(sessionId)).toBe(4_200);
});

test("two batches out of order: the later batch arriving first does not decide it", async () => {
  const sessionId = "ttfi-out-of-order";
  // The second batch (a new page and a click 1 s into it) is stored first …
  await ingestBatch(
    key,
    batch([pageview(T0 + 20_000, "https://shop.example/b"), click(T0 + 21_000)], { sessionId, seq: 1 }),
  );
  expect(await interactionOf(sessionId)).toBe(1_000);
  // … then the first (the visit's start, a click 3 s in): the earliest view and interaction win.
  await ingestBatch(
    key,
    batch([meta(T0), fullSnapshot(T0 + 1), click(T0 + 3_001), input(T0 + 3_500)], { sessionId, seq: 0 }),
  );
  expect(await interactionOf(sessionId)).toBe(3_000);
});

test("a session nobody interacted with has none, and interaction: never matches it", async () => {
  await ingestBatch(
    key,
    batch([meta(T0), fullSnapshot(T0 + 1), mutation(T0 + 50)], { sessionId: "ttfi-idle", seq: 0 }),
  );
  expect(await interactionOf("ttfi-idle")).toBeUndefined();
  const ids = async (q: string) =>
    (await querySessions(ws, parseSearch(q), { sort: "recent", limit: 50 })).sessions.map((s) => s.id).sort();
  expect(await ids("interaction:>2s")).toEqual(["ttfi-in-order", "ttfi-out-of-order"]);
  expect(await ids("interaction:>=3.5s")).toEqual(["ttfi-in-order"]);
  expect(await ids("interaction:<4s")).toEqual(["ttfi-out-of-order"]);
  expect(await ids("-interaction:>0")).toEqual(["ttfi-idle"]);
});

import { randomUUID } from "node:crypto";
import { beforeAll, expect, test, vi } from "vitest";
import { ALL_CELL, readRollups } from "@/lib/data/analytics-rollup";
import { getProjectKey } from "@/lib/data/keys";
import { getSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { ThreadKv } from "@/lib/storage/kv/thread-client";
import { batch, click, fullSnapshot, meta, mutation, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * The store round trips a batch costs, counted at the embedded driver (each `run` is one message to
 * the KV thread and back), for a session's later batch of mutations and clicks — the common batch.
 * docs/ARCHITECTURE.md §4 lists them: the rate limit, the claim with the session's state, the
 * batch's MULTI, the sort-index writes with the analytics rollup's lease and reads, the rollup's
 * writes, and heat's read of the clicked nodes' stored targets.
 */

let key: string;
let ws: string;

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: `trips-${randomUUID()}@ingest.test`, name: "" });
  ws = (await createWorkspace(user.id, "Round trips")).id;
  key = (await getProjectKey(ws)).current;
});

test("a later batch of mutations and clicks costs 6 store round trips, and its session's figures are up to date", async () => {
  const sessionId = randomUUID();
  await ingestBatch(
    key,
    batch([meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/")], { sessionId }),
  );
  const run = vi.spyOn(ThreadKv.prototype, "run");
  try {
    await ingestBatch(
      key,
      batch([mutation(T0 + 5_000), click(T0 + 6_000), mutation(T0 + 60_000)], { sessionId, seq: 1 }),
    );
    expect(run).toHaveBeenCalledTimes(6);
  } finally {
    run.mockRestore();
  }
  // What the rollup's refresh read in the shared round trip was the batch's own state.
  const session = await getSession(ws, sessionId);
  expect(session?.durationMs).toBe(60_000);
  const hour = Math.floor(T0 / 3_600_000) * 3_600_000;
  const rollups = await readRollups(ws, hour - 3_600_000, hour + 2 * 3_600_000);
  expect(rollups?.cells.get(ALL_CELL)).toMatchObject({ n: 1, dur: 60_000, pg: 1 });
});

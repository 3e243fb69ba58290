import { beforeAll, describe, expect, test } from "vitest";
import { checkpointIndex, chunkManifest, deleteSession } from "@/lib/data/sessions";
import { kv } from "@/lib/storage/kv";
import { batch, fullSnapshot, meta, mutation, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

/** Ingest keeps a per-session index of checkpoints (full snapshots): when → which chunk. */

let ws: string;
let key: string;
const MIN = 60_000;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Checkpoint Co", `checkpoints-${Date.now()}@test.dev`));
});

/** A recording with a snapshot at the start, a checkpoint at 5 min and two in one batch at 10 min. */
async function recordWithCheckpoints(sessionId: string) {
  const send = (events: unknown[], seq: number) => ingestBatch(key, batch(events, { sessionId, seq }));
  await send([meta(T0), fullSnapshot(T0 + 1), mutation(T0 + 1000)], 0);
  await send([mutation(T0 + 2 * MIN), mutation(T0 + 3 * MIN)], 1);
  await send([mutation(T0 + 5 * MIN - 10), meta(T0 + 5 * MIN), fullSnapshot(T0 + 5 * MIN + 1)], 2);
  await send([mutation(T0 + 7 * MIN)], 3);
  await send(
    [
      meta(T0 + 10 * MIN),
      fullSnapshot(T0 + 10 * MIN + 1),
      meta(T0 + 10 * MIN + 500),
      fullSnapshot(T0 + 10 * MIN + 501),
    ],
    4,
  );
}

describe("checkpoint index", () => {
  test("ingest records each chunk's first full snapshot, in time order", async () => {
    await recordWithCheckpoints("s-ckpt");
    const chunks = await chunkManifest(ws, "s-ckpt");
    expect(chunks.map((c) => c.checkpointAt)).toEqual([
      T0 + 1,
      null,
      T0 + 5 * MIN + 1,
      null,
      T0 + 10 * MIN + 1,
    ]);
    expect(await checkpointIndex(ws, "s-ckpt")).toEqual([
      { at: T0 + 1, chunkId: chunks[0]!.id },
      { at: T0 + 5 * MIN + 1, chunkId: chunks[2]!.id },
      { at: T0 + 10 * MIN + 1, chunkId: chunks[4]!.id },
    ]);
  });

  test("a repeated batch adds no second checkpoint", async () => {
    const body = batch([meta(T0), fullSnapshot(T0 + 1), mutation(T0 + 1000)], {
      sessionId: "s-ckpt-retry",
      seq: 0,
    });
    await ingestBatch(key, body);
    await ingestBatch(key, body);
    expect(await checkpointIndex(ws, "s-ckpt-retry")).toHaveLength(1);
  });

  test("a recording without snapshots after the first has one checkpoint", async () => {
    const sessionId = "s-ckpt-one";
    await ingestBatch(key, batch([meta(T0), fullSnapshot(T0 + 1)], { sessionId, seq: 0 }));
    await ingestBatch(key, batch([mutation(T0 + MIN)], { sessionId, seq: 1 }));
    expect((await checkpointIndex(ws, sessionId)).map((c) => c.at)).toEqual([T0 + 1]);
  });

  test("deleting the session deletes its index", async () => {
    await recordWithCheckpoints("s-ckpt-gone");
    expect(await deleteSession(ws, "s-ckpt-gone")).toBe(true);
    expect(await checkpointIndex(ws, "s-ckpt-gone")).toEqual([]);
    expect(await (await kv()).exists(`{w:${ws}}:s:s-ckpt-gone:ckpt`)).toBe(false);
  });
});

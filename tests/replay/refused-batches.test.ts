import { gzipSync } from "node:zlib";
import { beforeAll, expect, test } from "vitest";
import { POST } from "@/app/api/v1/ingest/route";
import { refusedBatches } from "@/lib/data/refused-batches";
import { chunkManifest, deleteSession } from "@/lib/data/sessions";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { recordingHealth } from "@/lib/replay/health";
import { kv } from "@/lib/storage/kv";
import { batch, custom, fullSnapshot, meta, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

/** Ingest keeps the batches it refuses with their session, and the health line names them. */

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Refused Co", `refused-${Date.now()}@test.dev`));
});

const send = (body: unknown) =>
  POST(
    new Request(`http://rewind.test/api/v1/ingest?k=${key}`, {
      method: "POST",
      body: gzipSync(JSON.stringify(body)),
      headers: { "content-type": "text/plain", "user-agent": "Mozilla/5.0 Chrome/130.0" },
    }),
  );

test("a batch over a cap is kept as refused, with its error, and named by the health line", async () => {
  const first = batch([meta(T0), fullSnapshot(T0 + 1)], { seq: 0 });
  const sessionId = first.sessionId;
  expect((await send(first)).status).toBe(200);
  const names = Array.from({ length: INGEST_LIMITS.eventNamesPerBatch + 1 }, (_, i) =>
    custom(T0 + 10 + i, `e-${i}`),
  );
  const refused = await send(batch(names, { sessionId, seq: 1 }));
  expect(refused.status).toBe(413);
  const kept = await refusedBatches(ws, sessionId);
  expect(kept).toMatchObject([{ window: "w1", seq: 1, code: "payload_too_large" }]);
  expect(kept[0]!.message).toContain("eventNamesPerBatch");

  const health = recordingHealth({
    chunks: await chunkManifest(ws, sessionId),
    hasFullSnapshot: true,
    refused: kept,
  });
  expect(health.line).toBe("incomplete · 1 chunk · no gaps · 1 batch refused at ingest");

  // The SDK splits a refused batch: its halves stored under the same number make up for it.
  expect((await send(batch(names.slice(0, 100), { sessionId, seq: 1 }))).status).toBe(200);
  const after = recordingHealth({
    chunks: await chunkManifest(ws, sessionId),
    hasFullSnapshot: true,
    refused: kept,
  });
  expect(after.line).toBe("complete · 2 chunks · no gaps");

  await deleteSession(ws, sessionId);
  expect(await (await kv()).exists(`{w:${ws}}:s:${sessionId}:refused`)).toBe(false);
});

test("a retry conflict or a busy server is not kept: the SDK's retry gets it through", async () => {
  const b = batch([meta(T0), fullSnapshot(T0 + 1)], { seq: 0 });
  expect((await send(b)).status).toBe(200);
  const conflict = await send({ ...b, events: [meta(T0 + 5)] });
  expect(conflict.status).toBe(409);
  expect(await refusedBatches(ws, b.sessionId)).toEqual([]);
});

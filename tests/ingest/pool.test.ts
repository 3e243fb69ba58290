import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { ApiError } from "@/lib/api/errors";
import { IngestPool, poolSize, WORKER_FILE } from "@/lib/ingest/pool";
import { decodeBatch } from "@/lib/ingest/prepare";
import { DEFAULT_THRESHOLDS, EMPTY_CARRY } from "@/lib/ingest/summarize";
import { batch, click, fullSnapshot, meta, mutation, pageview, T0 } from "../helpers/batches";
import { useTempDataDir } from "../helpers/temp-data";

const LIMIT = 25 * 1024 * 1024;
let pool: IngestPool;

beforeAll(() => {
  useTempDataDir();
  pool = IngestPool.threads(WORKER_FILE, 2, 1);
});
afterAll(() => pool.close());

/** What the same bytes cost when decoded on this thread: the error a worker must reproduce. */
function inThreadError(bytes: Uint8Array): ApiError {
  try {
    decodeBatch(bytes, LIMIT);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("expected the body to be refused");
}

async function workerError(bytes: Uint8Array): Promise<unknown> {
  const lease = await pool.lease();
  try {
    await lease.call({ type: "decode", bytes, limit: LIMIT });
  } catch (error) {
    return error;
  } finally {
    lease.release();
  }
  throw new Error("expected the worker to refuse the body");
}

/** A valid batch of `n` events, big enough that decoding it takes a while. */
function bigBatch(n: number): Uint8Array {
  const events: unknown[] = [meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/")];
  for (let i = 0; events.length < n; i++)
    events.push(i % 10 === 0 ? click(T0 + 10 + i) : mutation(T0 + 10 + i));
  return gzipSync(JSON.stringify(batch(events)));
}

describe("ingest worker pool", () => {
  const bad: [string, Uint8Array][] = [
    ["empty", new Uint8Array()],
    ["not JSON", Buffer.from("{nope")],
    ["not gzip", Buffer.from([0x1f, 0x8b, 1, 2, 3, 4])],
    ["bad UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ["wrong shape", Buffer.from(JSON.stringify({ v: 2, events: [] }))],
    ["bad event", Buffer.from(JSON.stringify(batch([{ type: 9, timestamp: T0, data: {} }])))],
  ];
  test.each(bad)("a bad body (%s) answers from the worker as the same ApiError", async (_name, bytes) => {
    const expected = inThreadError(bytes);
    const got = await workerError(bytes);
    expect(got).toBeInstanceOf(ApiError);
    expect({
      code: (got as ApiError).code,
      message: (got as ApiError).message,
      status: (got as ApiError).status,
    }).toEqual({
      code: expected.code,
      message: expected.message,
      status: expected.status,
    });
    expect(expected.status).toBeGreaterThanOrEqual(400);
    expect(expected.status).toBeLessThan(500);
  });

  test("a valid batch is decoded, then summarized with the carry the request hands over", async () => {
    const body = batch([meta(T0), fullSnapshot(T0 + 1), click(T0 + 500)]);
    const lease = await pool.lease();
    try {
      const decoded = await lease.call({
        type: "decode",
        bytes: Buffer.from(JSON.stringify(body)),
        limit: LIMIT,
      });
      expect(decoded.type === "decoded" && decoded.meta.batchId).toBe(body.batchId);
      expect(decoded.type === "decoded" && "events" in decoded.meta).toBe(false);
      const finished = await lease.call({
        type: "finish",
        thresholds: DEFAULT_THRESHOLDS,
        carry: EMPTY_CARRY,
      });
      if (finished.type !== "finished") throw new Error(finished.type);
      expect(finished.result.summary.eventCount).toBe(3);
      expect(finished.result.summary.clickCount).toBe(1);
      // A plain body is gzipped by the worker for storage.
      expect(Buffer.from(finished.result.gzipped!).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    } finally {
      lease.release();
    }
  });

  test("health answers while a large batch is decoded on a worker; in-thread it waits", async () => {
    await health(); // opens the stores first
    const bytes = bigBatch(50_000);
    const race = async (p: IngestPool) => {
      const order: string[] = [];
      const lease = await p.lease();
      try {
        const decoding = lease.call({ type: "decode", bytes, limit: LIMIT }).then(() => order.push("batch"));
        const answering = health().then((res) => order.push(`health ${res.status}`));
        await Promise.all([decoding, answering]);
      } finally {
        lease.release();
      }
      return order;
    };
    expect(await race(pool)).toEqual(["health 200", "batch"]);
    // The same race on the calling thread shows what the pool prevents.
    expect(await race(IngestPool.inline())).toEqual(["batch", "health 200"]);
  });

  test("when every worker is busy and the wait line is full, a request is refused with 503 and Retry-After", async () => {
    const first = await pool.lease();
    const second = await pool.lease();
    const waiting = pool.lease(); // the one place in line
    expect(pool.saturated()).toBe(true);
    const refused = await pool.lease().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(503);
    expect((refused as ApiError).headers["Retry-After"]).toBe("1");
    first.release();
    const third = await waiting; // handed the released worker
    expect(pool.saturated()).toBe(false);
    second.release();
    third.release();
  });
});

test("one worker holds several jobs between their steps, each finishing its own batch", async () => {
  const shared = IngestPool.threads(WORKER_FILE, 1, 0, 2);
  try {
    const a = await shared.lease();
    const b = await shared.lease(); // no wait: the one thread has room for a second job
    expect(shared.saturated()).toBe(true);
    const one = gzipSync(JSON.stringify(batch([meta(T0), fullSnapshot(T0 + 1), click(T0 + 5)])));
    const two = gzipSync(
      JSON.stringify(batch([meta(T0), fullSnapshot(T0 + 1), click(T0 + 5), click(T0 + 900)])),
    );
    // Both decoded before either is finished, as two requests waiting on the store would be.
    await a.call({ type: "decode", bytes: one, limit: LIMIT });
    await b.call({ type: "decode", bytes: two, limit: LIMIT });
    const finishB = await b.call({ type: "finish", thresholds: DEFAULT_THRESHOLDS, carry: EMPTY_CARRY });
    const finishA = await a.call({ type: "finish", thresholds: DEFAULT_THRESHOLDS, carry: EMPTY_CARRY });
    expect(finishA.type === "finished" && finishA.result.summary.clickCount).toBe(1);
    expect(finishB.type === "finished" && finishB.result.summary.clickCount).toBe(2);
    a.release();
    expect(shared.saturated()).toBe(false);
    b.release();
  } finally {
    await shared.close();
  }
});

test("the pool shares the machine's cores among the server processes, at least one thread each", () => {
  expect(poolSize(1, 8)).toBe(8);
  expect(poolSize(4, 8)).toBe(2);
  expect(poolSize(8, 2)).toBe(1);
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { POST as snapshots } from "@/app/s/route";
import type { ApiError } from "@/lib/api/errors";
import { decodeCapture } from "@/lib/dropin/decode";
import { IngestPool, type Lease, serverIngestPool, WORKER_FILE } from "@/lib/ingest/pool";
import { click, meta, mutation, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";
import { compressFullSnapshot, compressMutation, gzipJs, phEvent, snapshotEvent } from "./posthog-wire";

/**
 * The posthog-js drop-in decodes on the ingest worker pool (a `dropin` job): inflating, parsing
 * and mapping a large or crafted body never holds the event loop that answers /api/health.
 */

const LIMIT = 25 * 1024 * 1024;
let token: string;

beforeAll(async () => {
  process.env.INGEST_MAX_BYTES = String(LIMIT);
  ({ key: token } = await freshWorkspace("Dropin Pool Co", "dropin-pool@test.dev"));
});

/**
 * A `/s/` body (gzip-js) of one `$snapshot` with `n` rrweb events, every other one a mutation whose
 * four lists are each gzipped (cv), as posthog-js sends them: ~2 gunzips an event to restore. A last
 * event names a bad session id, so the request is refused (400) right after all that work, before
 * any store write: the race below is with the decode alone.
 */
function bigSnapshotBody(n: number): Uint8Array<ArrayBuffer> {
  const o = { token, sessionId: "ph-pool-session", distinctId: "0192-anon-pool" };
  const rrweb: unknown[] = [meta(T0)];
  for (let i = 1; i < n; i++) rrweb.push(i % 2 ? compressMutation(mutation(T0 + i)) : click(T0 + i));
  return gzipJs([
    snapshotEvent(o, T0, rrweb),
    phEvent({ ...o, sessionId: "not a session id!" }, "late", T0 + n),
  ]);
}

const post = (body: BodyInit) =>
  snapshots(
    new Request("http://rewind.test/s/?compression=gzip-js", {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit),
  );

describe("posthog-js drop-in on the worker pool", () => {
  test("health answers while a large drop-in body decodes on a worker", async () => {
    await health(); // opens the stores first
    const body = bigSnapshotBody(20_000);
    const order: string[] = [];
    const capturing = post(body).then(async (res) => {
      order.push(`capture ${res.status}`);
      return res;
    });
    // Started after the capture, so the capture's body is read and handed over first.
    await new Promise((r) => setTimeout(r, 5));
    const answering = health().then((res) => order.push(`health ${res.status}`));
    const [res] = await Promise.all([capturing, answering]);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/session_id/);
    expect(order).toEqual(["health 200", "capture 400"]);
  });

  test("the same body decoded on the calling thread holds health until it is done", async () => {
    // What the pool prevents, shown on the pool's in-thread form with the same job.
    const body = bigSnapshotBody(20_000);
    const race = async (pool: IngestPool) => {
      const order: string[] = [];
      const lease = await pool.lease();
      try {
        const decoding = lease
          .call({ type: "dropin", bytes: body.slice(), limit: LIMIT, compression: "gzip-js" })
          .catch((e: ApiError) => order.push(`decode ${e.status}`));
        const answering = health().then((res) => order.push(`health ${res.status}`));
        await Promise.all([decoding, answering]);
      } finally {
        lease.release();
      }
      return order;
    };
    const threads = IngestPool.threads(WORKER_FILE, 1, 0);
    try {
      expect(await race(threads)).toEqual(["health 200", "decode 400"]);
    } finally {
      await threads.close();
    }
    expect(await race(IngestPool.inline())).toEqual(["decode 400", "health 200"]);
  });

  test("a worker's answer is the in-thread one: the token, the batches as JSON, the skipped count", async () => {
    const o = { token, sessionId: "ph-pool-ok", distinctId: "0192-anon-ok" };
    const noSession = phEvent(o, "signup", T0 + 3);
    delete (noSession.properties as Record<string, unknown>).$session_id;
    const body = gzipJs([
      snapshotEvent(o, T0, [meta(T0), compressMutation(mutation(T0 + 1)), click(T0 + 2)]),
      noSession,
    ]);
    const pool = IngestPool.threads(WORKER_FILE, 1, 0);
    try {
      const lease = await pool.lease();
      const reply = await lease.call({
        type: "dropin",
        bytes: body.slice(),
        limit: LIMIT,
        compression: null,
      });
      lease.release();
      if (reply.type !== "mapped") throw new Error(reply.type);
      const inThread = decodeCapture(body, LIMIT, null);
      expect(reply.capture.token).toBe(token);
      expect(reply.capture.skipped).toBe(inThread.skipped);
      const text = (b: Uint8Array) => new TextDecoder().decode(b);
      expect(reply.capture.batches.map(text)).toEqual(inThread.batches.map(text));
      const [batch] = reply.capture.batches.map((b) => JSON.parse(text(b)));
      expect(batch.events[1].data.adds).toEqual([]); // the cv lists restored
    } finally {
      await pool.close();
    }
  });

  test("cv fields inflate under ingest's cap: at most 200× the request's size (413)", async () => {
    const o = { token, sessionId: "ph-pool-bomb", distinctId: "0192-anon-bomb" };
    // ~8 KB of gzip that inflates to 8 MB: within the body limit, past 200× a body of a few KB.
    const bomb = compressFullSnapshot({ type: 2, timestamp: T0, data: { pad: "a".repeat(8 * 1024 * 1024) } });
    const body = JSON.stringify([snapshotEvent(o, T0, [meta(T0), bomb])]);
    expect(body.length * 200).toBeLessThan(8 * 1024 * 1024);
    const res = await post(body);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/200×/);
  });

  describe("when the pool is saturated", () => {
    const held: Lease[] = [];
    const waiting: Promise<Lease>[] = [];
    afterAll(async () => {
      for (const lease of held) lease.release();
      for (const next of waiting) (await next).release();
    });

    test("a drop-in request is refused with 503 and Retry-After before its body is read", async () => {
      const pool = serverIngestPool();
      while (!pool.saturated()) {
        const lease = pool.lease();
        // A lease that got a place at once, or one waiting in line.
        const got = await Promise.race([lease, new Promise<null>((r) => setTimeout(() => r(null), 20))]);
        if (got) held.push(got);
        else waiting.push(lease);
      }
      let pulled = false;
      // A body that never ends: a handler that read it would never answer.
      const endless = new ReadableStream<Uint8Array>(
        {
          pull() {
            pulled = true;
            return new Promise(() => {});
          },
        },
        { highWaterMark: 0 },
      );
      const res = await post(endless);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unavailable");
      expect(pulled).toBe(false);
    });
  });
});

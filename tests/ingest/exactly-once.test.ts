import { gzipSync } from "node:zlib";
import { beforeAll, expect, test } from "vitest";
import { POST } from "@/app/api/v1/ingest/route";
import { claimBatch, LEASE_MS } from "@/lib/data/batch-claims";
import { getSession, listChunkKeys } from "@/lib/data/sessions";
import { contentDigest } from "@/lib/ingest/digest";
import { batch, click, meta, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

/** A batch is stored once per (session, batch id); other content under the same ids is a conflict. */

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Once Co", "once@test.dev"));
});

const send = (body: BodyInit, init: RequestInit = {}) =>
  POST(
    new Request(`http://rewind.test/api/v1/ingest?k=${key}`, {
      method: "POST",
      body,
      headers: { "content-type": "text/plain" },
      ...init,
    }),
  );
const gz = (value: unknown) => gzipSync(JSON.stringify(value));

test("the same batch id in two sessions is two batches", async () => {
  const a = batch([meta(T0), click(T0 + 10)], { batchId: "shared-id" });
  const b = batch([meta(T0), click(T0 + 10), click(T0 + 20)], { batchId: "shared-id" });
  expect((await send(gz(a))).status).toBe(200);
  const res = await send(gz(b));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
  expect((await getSession(ws, b.sessionId))!.fields.clickCount).toBe(2);
});

test("other content under a stored batch's ids is a 409 conflict, and nothing changes", async () => {
  const first = batch([meta(T0), click(T0 + 10)]);
  expect((await send(gz(first))).status).toBe(200);
  const other = { ...first, events: [meta(T0), click(T0 + 10), click(T0 + 30)] };
  const res = await send(gz(other));
  expect(res.status).toBe(409);
  const answer = await res.json();
  expect(answer.error.code).toBe("conflict");
  expect(answer.error.message).toContain(first.batchId);
  expect((await getSession(ws, first.sessionId))!.fields.clickCount).toBe(1);
  expect(await listChunkKeys(ws, first.sessionId)).toHaveLength(1);
});

test("the same content sent plain after gzip is the same batch (a duplicate, not a conflict)", async () => {
  const b = batch([meta(T0), click(T0 + 10)]);
  expect((await send(gz(b))).status).toBe(200);
  const again = await send(JSON.stringify(b));
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ ok: true, duplicate: true });
});

test("a claim left by a dead process is taken over within the lease, and the batch stored once", async () => {
  const b = batch([meta(T0), click(T0 + 10)]);
  const body = gz(b);
  // What a process killed mid-request leaves: a claim nobody renews or releases. The digest is
  // the one ingest computes, so the retry is the same batch (busy), not a conflict.
  const digest = contentDigest(JSON.stringify(b));
  const claim = await claimBatch({ ws, sessionId: b.sessionId, batchId: b.batchId, digest });
  expect(claim.state).toBe("claimed");
  if (claim.state === "claimed") claim.lease.stop();

  const started = Date.now();
  let busy = 0;
  for (;;) {
    const res = await send(body);
    if (res.status === 200) break;
    expect(res.status).toBe(503);
    busy++;
    await new Promise((r) => setTimeout(r, 100));
  }
  const recoveredMs = Date.now() - started;
  console.info(`[recovery] a dead claim was taken over after ${recoveredMs} ms (${busy} answers of 503)`);
  expect(busy).toBeGreaterThan(0);
  expect(recoveredMs).toBeLessThan(LEASE_MS + 1500);
  expect(await listChunkKeys(ws, b.sessionId)).toHaveLength(1);
});

test("a live claim is renewed, so a slow request keeps its batch past the lease", async () => {
  const id = { ws, sessionId: "slow-session", batchId: "slow-batch", digest: "d1" };
  const claim = await claimBatch(id);
  expect(claim.state).toBe("claimed");
  await new Promise((r) => setTimeout(r, LEASE_MS + 1000));
  expect((await claimBatch(id)).state).toBe("busy");
  if (claim.state === "claimed") {
    expect(claim.lease.held()).toBe(true);
    claim.lease.stop();
  }
});

test("a body the client abandons answers nothing and logs one calm line", async () => {
  const controller = new AbortController();
  const logged: string[] = [];
  const { error, info } = console;
  console.error = (...args: unknown[]) => logged.push(`error ${args.join(" ")}`);
  console.info = (...args: unknown[]) => logged.push(`info ${args.join(" ")}`);
  try {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0x1f, 0x8b]));
      },
      pull(c) {
        // Node's request stream fails this way when the connection closes mid-body.
        controller.abort();
        c.error(new Error("aborted"));
      },
    });
    const res = await send(
      body as unknown as BodyInit,
      {
        signal: controller.signal,
        duplex: "half",
      } as RequestInit,
    );
    expect(res.status).toBe(499);
    expect(await res.text()).toBe("");
  } finally {
    console.error = error;
    console.info = info;
  }
  expect(logged).toEqual(["info [rewind] the client went away before its request arrived"]);
});

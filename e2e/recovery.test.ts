import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";
import { type HttpSession, signUp } from "./helpers/http";

/**
 * The server is killed (SIGKILL) with batches in flight, whose claims nobody will release; after
 * the restart, retries of the same batches get through within the claim's lease, each stored once.
 */

let app: RunningApp;
let owner: HttpSession;
let slug: string;
let key: string;

beforeAll(async () => {
  app = await startApp();
  const signed = await signUp(app.url, { email: "recover@demo.test", workspaceName: "Recovery" });
  owner = signed.session;
  slug = signed.workspace.slug;
  key = (
    (await (await owner.fetch(`/api/v1/workspaces/${slug}/keys`)).json()) as {
      projectKey: { current: string };
    }
  ).projectKey.current;
});
afterAll(async () => {
  await app?.stop({ removeData: true });
});

const CLICKS = 3_000;

function crafted(): { sessionId: string; body: Buffer } {
  const sessionId = randomUUID();
  const t0 = Date.now() - 600_000;
  const events = [
    { type: 4, timestamp: t0, data: { href: "https://shop.example/", width: 1280, height: 720 } },
    // Each click answered by a mutation: live clicks, so the batch stays under signalsPerBatch.
    ...Array.from({ length: CLICKS }, (_, i) => [
      { type: 3, timestamp: t0 + 1 + i * 7, data: { source: 2, type: 2, id: 5, x: (i * 37) % 900, y: 100 } },
      {
        type: 3,
        timestamp: t0 + 3 + i * 7,
        data: { source: 0, texts: [], attributes: [], removes: [], adds: [] },
      },
    ]).flat(),
  ];
  const batch = {
    v: 1,
    sdk: "e2e",
    sessionId,
    distinctId: "anon-recover",
    batchId: randomUUID(),
    seq: 0,
    events,
  };
  return { sessionId, body: gzipSync(JSON.stringify(batch)) };
}

const post = (body: Buffer) =>
  fetch(`${app.url}/api/v1/ingest?k=${key}`, {
    method: "POST",
    body: new Uint8Array(body),
    headers: { "content-type": "text/plain" },
  });

test("after a kill -9 mid-ingest, retries of the killed batches succeed within seconds, stored once", async () => {
  const batches = Array.from({ length: 40 }, crafted);
  const inFlight = batches.map((b) =>
    post(b.body)
      .then((r) => r.status)
      .catch(() => 0),
  );
  // Kill once the first batches are through: the rest are somewhere between claim and commit.
  await Promise.race(inFlight);
  await app.stop({ signal: "SIGKILL" });
  const before = await Promise.all(inFlight);

  app = await startApp({ dataDir: app.dataDir, port: app.port });
  const restarted = Date.now();
  let busy = 0;
  await Promise.all(
    batches.map(async (b) => {
      for (;;) {
        const res = await post(b.body);
        if (res.status === 200) return;
        expect(res.status).toBe(503);
        busy++;
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
  const recoveredMs = Date.now() - restarted;
  console.info(
    `[recovery] ${before.filter((s) => s === 200).length} of 40 answered before the kill; after the restart every retry got through in ${recoveredMs} ms (${busy} answers of 503)`,
  );
  expect(recoveredMs).toBeLessThan(5_000);

  for (const b of batches) {
    const res = await owner.fetch(`/api/v1/workspaces/${slug}/recordings/${b.sessionId}`);
    const { session } = (await res.json()) as {
      session: { chunkCount: number; fields: Record<string, string> };
    };
    expect(session.chunkCount).toBe(1);
    expect(Number(session.fields.clickCount)).toBe(CLICKS);
  }
}, 180_000);

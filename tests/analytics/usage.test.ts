import { randomUUID } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { pageViewVolumes } from "@/lib/data/events";
import { deleteSession, sessionsStartedIn, storedBytesByRetention } from "@/lib/data/sessions";
import { blob } from "@/lib/storage/blob";
import { batch, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

/** The usage page's figures: stored bytes per retention class, sessions per day, page views per path. */

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Usage Co", "usage@test.dev"));
});

const ingest = (body: Record<string, unknown>) => ingestBatch(key, body);

const storedBytes = async () => (await (await blob()).list(`rec/30d/${ws}/`)).reduce((a, b) => a + b.size, 0);

test("stored bytes follow the blobs through ingest and deletion; views and sessions are counted", async () => {
  const [a, b] = [randomUUID(), randomUUID()];
  await ingest(
    batch([meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://s.example/cart")], { sessionId: a }),
  );
  await ingest(batch([pageview(T0 + 5000, "https://s.example/checkout")], { sessionId: a, seq: 1 }));
  await ingest(
    batch([meta(T0 + 100), fullSnapshot(T0 + 101), pageview(T0 + 102, "https://s.example/cart")], {
      sessionId: b,
    }),
  );
  expect(await storedBytesByRetention(ws)).toEqual([{ retentionDays: 30, bytes: await storedBytes() }]);
  expect(await pageViewVolumes(ws, T0 - 1000, T0 + 60_000, 10)).toEqual([
    { path: "/cart", views: 2 },
    { path: "/checkout", views: 1 },
  ]);
  expect(
    await sessionsStartedIn(ws, [
      [T0 - 1000, T0 + 50],
      [T0 + 50, T0 + 1000],
    ]),
  ).toEqual([1, 1]);

  await deleteSession(ws, a);
  expect(await storedBytesByRetention(ws)).toEqual([{ retentionDays: 30, bytes: await storedBytes() }]);
  expect(await pageViewVolumes(ws, T0 - 1000, T0 + 60_000, 10)).toEqual([{ path: "/cart", views: 1 }]);
});

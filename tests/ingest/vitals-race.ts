import { randomUUID } from "node:crypto";
import { expect, vi } from "vitest";
import { getProjectKey } from "@/lib/data/keys";
import { sessionKeys } from "@/lib/data/session-keys";
import { getSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { kv } from "@/lib/storage/kv";
import { batch, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";

/**
 * Two batches of one session, each with a page load's Web Vitals, finishing together: the first
 * batch's refresh reads the session's measurements just before the second batch lands and refreshes
 * in full. The session's p75, worst and LCP list must still cover both page loads.
 */

const vital = (at: number, name: string, value: number, view: string) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rewind/vitals@1", payload: { name, value, view, url: "https://shop.example/" } },
});

export async function checkConcurrentVitals(): Promise<void> {
  const user = await createUser({ email: `race-${randomUUID()}@vitals.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Vitals Race")).id;
  const key = (await getProjectKey(ws)).current;
  const sessionId = randomUUID();
  const first = batch(
    [
      meta(T0),
      pageview(T0 + 1, "https://shop.example/"),
      vital(T0 + 10, "LCP", 1000, "v1"),
      vital(T0 + 11, "INP", 80, "v1"),
    ],
    { sessionId },
  );
  const second = batch(
    [
      pageview(T0 + 5000, "https://shop.example/next"),
      vital(T0 + 5010, "LCP", 3000, "v2"),
      vital(T0 + 5011, "INP", 400, "v2"),
    ],
    { sessionId, seq: 1 },
  );

  const store = await kv();
  const read = store.hgetall.bind(store);
  let interleaved = false;
  const spy = vi.spyOn(store, "hgetall").mockImplementation(async (k: string) => {
    const hash = await read(k);
    if (k === sessionKeys.vitals(ws, sessionId) && !interleaved) {
      interleaved = true;
      // The second batch lands and refreshes between the first one's read and its write.
      await ingestBatch(key, second);
    }
    return hash;
  });
  try {
    await ingestBatch(key, first);
  } finally {
    spy.mockRestore();
  }
  expect(interleaved).toBe(true);
  const fields = (await getSession(ws, sessionId))!.fields;
  // Nearest-rank p75 of two values is the larger one.
  expect(fields).toMatchObject({
    lcpMs: 3000,
    lcpMaxMs: 3000,
    inpMs: 400,
    inpMaxMs: 400,
    lcpLoads: [1000, 3000],
  });
}

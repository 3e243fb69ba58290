import { gzipSync } from "node:zlib";
import { beforeAll, expect, test } from "vitest";
import { POST } from "@/app/api/v1/ingest/route";
import { sessionKeys } from "@/lib/data/session-keys";
import { facetValuesOf, getSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { stampPeerAddresses } from "@/lib/peer-stamp";
import { PEER_HEADER } from "@/lib/request-origin";
import { generateSessions, writeSession } from "@/lib/seed";
import { kv } from "@/lib/storage/kv";
import { batch, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

/** The pickers offer the browsers, systems, devices and countries recordings have, with counts. */

let ws: string;
let key: string;

beforeAll(async () => {
  stampPeerAddresses();
  ({ ws, key } = await freshWorkspace("Facets", "facets@search.test"));
});

/** One batch of a new session sent from `address`, as the peer stamp records a socket's address. */
async function visitFrom(address: string, sessionId: string): Promise<void> {
  const body = batch([meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/")], {
    sessionId,
  });
  const res = await POST(
    new Request(`http://rewind.test/api/v1/ingest?k=${key}`, {
      method: "POST",
      body: gzipSync(JSON.stringify(body)),
      headers: {
        "content-type": "text/plain",
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
        [PEER_HEADER]: `http ${address}`,
      },
    }),
  );
  expect(res.status, await res.clone().text()).toBe(200);
}

test("a recording is placed in its visitor's country from the address, and the picker offers it", async () => {
  await visitFrom("8.8.8.8", "geo-us-1");
  await visitFrom("8.8.4.4", "geo-us-2");
  await visitFrom("81.2.69.142", "geo-gb-1");
  await visitFrom("127.0.0.1", "geo-local");
  expect((await getSession(ws, "geo-us-1"))?.fields.country).toBe("US");
  expect((await getSession(ws, "geo-gb-1"))?.fields.country).toBe("GB");
  expect((await getSession(ws, "geo-local"))?.fields.country).toBe("unknown");
  // "unknown" is no choice to offer; most sessions first.
  expect(await facetValuesOf(ws, "country")).toEqual([
    { value: "us", sessions: 2 },
    { value: "gb", sessions: 1 },
  ]);
  expect(await facetValuesOf(ws, "browser")).toEqual([{ value: "chrome", sessions: 4 }]);
  expect(await facetValuesOf(ws, "os")).toEqual([{ value: "linux", sessions: 4 }]);
});

test("values recorded before the catalogs existed are found once, then read without a scan", async () => {
  const user = await createUser({ email: "legacy-facets@search.test", name: "" });
  const legacy = (await createWorkspace(user.id, "Legacy facets")).id;
  for (const s of generateSessions(12, { seed: 7, now: T0, spanDays: 1 })) await writeSession(legacy, s);
  const expected = await facetValuesOf(legacy, "country");
  expect(expected.reduce((n, v) => n + v.sessions, 0)).toBeGreaterThan(0);
  // As a workspace from before this change: neither catalog nor its completion marker.
  const store = await kv();
  await store.del([
    sessionKeys.facetValues(legacy, "country"),
    sessionKeys.facetValuesCatalogued(legacy, "country"),
  ]);
  expect(await facetValuesOf(legacy, "country")).toEqual(expected);
  expect(await store.exists(sessionKeys.facetValuesCatalogued(legacy, "country"))).toBeTruthy();
});

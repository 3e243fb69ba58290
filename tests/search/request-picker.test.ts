import { beforeAll, expect, test } from "vitest";
import { PICKER_VALUES, requestValuesOf } from "@/lib/data/facets";
import { getProjectKey } from "@/lib/data/keys";
import { sessionKeys } from "@/lib/data/session-keys";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { kv } from "@/lib/storage/kv";
import { batch, meta, networkRequest, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/** The request picker offers the requests captured, as "METHOD /path", each with its sessions. */

let ws: string;
let key: string;

const visit = (requests: ReturnType<typeof networkRequest>[]) =>
  ingestBatch(
    key,
    batch([
      meta(T0, "https://shop.example/cart"),
      pageview(T0 + 1, "https://shop.example/cart"),
      ...requests,
    ]),
  );

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "picker@requests.test", name: "" });
  ws = (await createWorkspace(user.id, "Request Picker")).id;
  key = (await getProjectKey(ws)).current;
  await visit([
    networkRequest(T0 + 10, "POST", "/api/cart", 503, 80),
    networkRequest(T0 + 20, "POST", "/api/cart", 200, 1500),
    networkRequest(T0 + 30, "GET", "/api/orders/12345", 200, 40),
  ]);
  await visit([networkRequest(T0 + 10, "post", "/api/cart?x=1", 200, 120)]);
  await visit([networkRequest(T0 + 10, "GET", "/api/orders/999", 404, 40)]);
  await visit([]);
}, 120_000);

const recorded = [
  { value: "GET /api/orders/:id", sessions: 2 },
  { value: "POST /api/cart", sessions: 2 },
];

test("one value per method and normalised path, whatever the statuses, most sessions first", async () => {
  expect(await requestValuesOf(ws)).toEqual(recorded);
});

test("request index keys stored before the catalog: catalogued once, the status and path-only values left out", async () => {
  const store = await kv();
  await store.del([sessionKeys.requestValues(ws), sessionKeys.requestValuesCatalogued(ws)]);
  expect(await requestValuesOf(ws)).toEqual(recorded);
  // The scan took in "/api/cart 5xx", "5xx" …; the picker still offers method and path only.
  expect(
    (await store.zrange(sessionKeys.requestValues(ws), { by: "rank", start: 0, stop: -1 })).length,
  ).toBeGreaterThan(2);
});

test("bounded: the busiest values only", async () => {
  const many = Array.from({ length: PICKER_VALUES + 10 }, (_, i) =>
    networkRequest(
      T0 + 100 + i,
      "GET",
      `/api/items-${String.fromCharCode(97 + (i % 26))}${"x".repeat(1 + Math.floor(i / 26))}`,
      200,
      10,
    ),
  );
  await visit(many);
  const values = await requestValuesOf(ws);
  expect(values).toHaveLength(PICKER_VALUES);
  expect(values.slice(0, 2)).toEqual(recorded);
});

test("a workspace without captured requests offers nothing", async () => {
  const user = await createUser({ email: "picker-empty@requests.test", name: "" });
  const empty = (await createWorkspace(user.id, "No Requests")).id;
  expect(await requestValuesOf(empty)).toEqual([]);
});

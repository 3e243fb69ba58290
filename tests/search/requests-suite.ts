import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { getProjectKey } from "@/lib/data/keys";
import { getSession, requestsOf } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { REQUESTS_INDEXED_PER_SESSION } from "@/lib/ingest/limits";
import { REQUESTS_INDEXED_PER_BATCH } from "@/lib/ingest/summarize";
import { countFromIndex, querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import { batch, meta, networkRequest, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * Captured requests indexed at ingest and found by request:, status: and slow:, through the real
 * ingest route and the query engine, on the embedded store or (given its URL) a real Redis.
 */
export function requestSearchSuite(redisUrl?: string): void {
  let ws: string;
  let key: string;

  const page = (sessionId: string, requests: ReturnType<typeof networkRequest>[], seq = 0) =>
    batch(
      [meta(T0, "https://shop.example/cart"), pageview(T0 + 1, "https://shop.example/cart"), ...requests],
      {
        sessionId,
        seq,
      },
    );

  beforeAll(async () => {
    useTempDataDir();
    if (redisUrl) {
      process.env.REDIS_URL = redisUrl;
      resetEnvCache();
    }
    const user = await createUser({ email: "requests@search.test", name: "" });
    ws = (await createWorkspace(user.id, "Requests")).id;
    key = (await getProjectKey(ws)).current;
    // cart-fails: one POST /api/cart answered 503, quickly; another answered 200 slowly.
    await ingestBatch(
      key,
      page("cart-fails", [
        networkRequest(T0 + 10, "POST", "/api/cart", 503, 80),
        networkRequest(T0 + 20, "POST", "/api/cart", 200, 1500),
        networkRequest(T0 + 30, "GET", "/api/search?q=shoes", 200, 40),
      ]),
    );
    // slow-search: a search that took 2.5 s, in its second batch.
    await ingestBatch(key, page("slow-search", [networkRequest(T0 + 10, "GET", "/api/search?q=a", 200, 90)]));
    await ingestBatch(
      key,
      batch([networkRequest(T0 + 5000, "GET", "https://shop.example/api/search?q=b", 200, 2500)], {
        sessionId: "slow-search",
        seq: 1,
      }),
    );
    // cart-ok: carts fine; an order looked up by id failed to connect.
    await ingestBatch(
      key,
      page("cart-ok", [
        networkRequest(T0 + 10, "POST", "/api/cart", 200, 100),
        networkRequest(T0 + 20, "GET", "/api/orders/1234", 0, 30),
      ]),
    );
    // no-requests: network capture was off.
    await ingestBatch(key, page("no-requests", []));
  });

  async function ids(search: string): Promise<string[]> {
    const page = await querySessions(ws, parseSearch(search), { sort: "recent", limit: 50 });
    return page.sessions.map((s) => s.id).sort();
  }

  describe("request: finds sessions by method and normalised path", () => {
    test('request:"POST /api/cart" and request:/api/search (any method)', async () => {
      expect(await ids('request:"POST /api/cart"')).toEqual(["cart-fails", "cart-ok"]);
      expect(await ids("request:/api/search")).toEqual(["cart-fails", "slow-search"]);
      expect(await ids('request:"GET /api/cart"')).toEqual([]);
    });

    test("ids in a searched path are normalised like the recorded ones", async () => {
      expect(await ids("request:/api/orders/99")).toEqual(["cart-ok"]);
      expect(await ids("request:/api/orders/:id")).toEqual(["cart-ok"]);
      expect(await ids("request:/API/Orders/7?x=1")).toEqual(["cart-ok"]);
    });

    test("a session matches status: with request only when ONE request has both", async () => {
      expect(await ids('request:"POST /api/cart" status:5xx')).toEqual(["cart-fails"]);
      expect(await ids('request:"POST /api/cart" status:2xx')).toEqual(["cart-fails", "cart-ok"]);
      expect(await ids("request:/api/search status:5xx")).toEqual([]);
      expect(await ids("status:failed")).toEqual(["cart-ok"]);
      expect(await ids("status:5xx")).toEqual(["cart-fails"]);
    });

    test("slow: with a request needs that request to be slow", async () => {
      expect(await ids("request:/api/search slow:>1s")).toEqual(["slow-search"]);
      // cart-fails' slow cart call answered 200; its 503 was quick.
      expect(await ids('request:"POST /api/cart" status:5xx slow:>1s')).toEqual([]);
      expect(await ids('request:"POST /api/cart" status:2xx slow:>1s')).toEqual(["cart-fails"]);
      expect(await ids("slow:>=2500ms")).toEqual(["slow-search"]);
      expect(await ids("slow:>2500ms")).toEqual([]);
      expect(await ids("slow:>50ms")).toEqual(["cart-fails", "cart-ok", "slow-search"]);
      expect(await ids("slow:>10ms")).toEqual(["cart-fails", "cart-ok", "slow-search"]);
    });

    test("a status: not right after a request asks for any request; negation and OR work", async () => {
      expect(await ids('status:5xx request:"POST /api/cart"')).toEqual(["cart-fails"]);
      expect(await ids("request:/api/search (status:failed)")).toEqual([]);
      expect(await ids('request:"POST /api/cart" -status:5xx')).toEqual(["cart-ok"]);
      expect(await ids("request:/api/search OR status:failed")).toEqual([
        "cart-fails",
        "cart-ok",
        "slow-search",
      ]);
      expect(await ids("-request:/api/search page:/cart")).toEqual(["cart-ok", "no-requests"]);
    });

    test("counts come from the index when it holds exactly the matches", async () => {
      expect(await countFromIndex(ws, parseSearch('request:"POST /api/cart" status:5xx'))).toBe(1);
      expect(await countFromIndex(ws, parseSearch("request:/api/search"))).toBe(2);
      // A bucket holds more than the matches: the engine counts those itself.
      expect(await countFromIndex(ws, parseSearch("request:/api/search slow:>1s"))).toBeNull();
    });

    test("the session keeps each distinct request with the longest it took", async () => {
      const requests = (await requestsOf(ws, ["slow-search"])).get("slow-search");
      expect(requests).toEqual([{ method: "GET", path: "/api/search", status: "2xx", maxMs: 2500 }]);
    });
  });

  test("past the per-session cap new requests are stored but not indexed; the batch is still accepted", async () => {
    const sessionId = randomUUID();
    const per = REQUESTS_INDEXED_PER_BATCH;
    const rounds = REQUESTS_INDEXED_PER_SESSION / per;
    for (let r = 0; r < rounds; r++) {
      const requests = Array.from({ length: per }, (_, i) =>
        networkRequest(T0 + r * 1000 + i + 10, "GET", `/api/r${r}x${i}/part`, 200),
      );
      await ingestBatch(key, page(sessionId, requests, r));
    }
    await ingestBatch(
      key,
      page(
        sessionId,
        [
          networkRequest(T0 + 90_000, "GET", "/api/r0x0/part", 500),
          networkRequest(T0 + 90_001, "GET", "/over", 200),
        ],
        rounds,
      ),
    );
    expect(Number((await getSession(ws, sessionId))!.fields.requestCount)).toBe(REQUESTS_INDEXED_PER_SESSION);
    expect(await ids("request:/over")).toEqual([]);
    // A known endpoint with a new status is a new request too: not indexed either.
    expect(await ids("request:/api/r0x0/part status:5xx")).toEqual([]);
    expect(await ids("request:/api/r4x199/part")).toEqual([sessionId]);
  });
}

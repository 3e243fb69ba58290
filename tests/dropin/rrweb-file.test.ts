import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET as exportRoute } from "@/app/api/v1/workspaces/[ws]/recordings/[sessionId]/events/route";
import { POST as importRoute } from "@/app/api/v1/workspaces/[ws]/recordings/import/route";
import { createPersonalKey } from "@/lib/data/keys";
import { getSession, listSignals, requestsOf } from "@/lib/data/sessions";
import {
  batch,
  click,
  custom,
  exception,
  fullSnapshot,
  input,
  meta,
  mutation,
  networkRequest,
  pageview,
  scroll,
  T0,
} from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

const LIMIT = 1024 * 1024;
let ws: string;
let projectKey: string;
let writeKey: string;
let readKey: string;

beforeAll(async () => {
  process.env.INGEST_MAX_BYTES = String(LIMIT);
  const fresh = await freshWorkspace("Rrweb File Co", "rrweb-file@test.dev");
  ws = fresh.ws;
  const user = fresh.user;
  projectKey = fresh.key;
  writeKey = (await createPersonalKey(ws, { userId: user.id, name: "w", scopes: ["write"] })).key;
  readKey = (await createPersonalKey(ws, { userId: user.id, name: "r", scopes: ["read"] })).key;
});

const ctx = <P>(params: P) => ({ params: Promise.resolve({ ws, ...params }) });

async function exported(sessionId: string, key = readKey): Promise<Response> {
  return exportRoute(
    new Request(`http://rewind.test/api/v1/workspaces/${ws}/recordings/${sessionId}/events`, {
      headers: { authorization: `Bearer ${key}` },
    }),
    ctx({ sessionId }),
  );
}

function imported(body: BodyInit, key = writeKey): Promise<Response> {
  return importRoute(
    new Request(`http://rewind.test/api/v1/workspaces/${ws}/recordings/import`, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${key}` },
    }),
    ctx({}),
  );
}

/** What the list shows of a recording, less what depends on who sent it (device, person, sdk). */
const AGGREGATES = [
  "pageCount",
  "clickCount",
  "errorCount",
  "keypressCount",
  "firstUrl",
  "viewport",
  "hasFullSnapshot",
  "failedRequestCount",
  "requestCount",
] as const;
const aggregatesOf = async (sid: string) => {
  const s = (await getSession(ws, sid))!;
  return {
    startedAt: s.startedAt,
    durationMs: s.durationMs,
    ...Object.fromEntries(AGGREGATES.map((k) => [k, s.fields[k]])),
  };
};

describe("rrweb export and import", () => {
  test("export → import gives the same events and the same aggregates and signals", async () => {
    const first = batch(
      [
        meta(T0),
        fullSnapshot(T0 + 1),
        pageview(T0 + 2, "https://shop.example/"),
        click(T0 + 500, 10, 10),
        click(T0 + 600, 11, 11),
        click(T0 + 700, 12, 12),
        input(T0 + 800),
      ],
      { seq: 0 },
    );
    const second = batch(
      [
        mutation(T0 + 900),
        scroll(T0 + 1000),
        exception(T0 + 1100),
        custom(T0 + 1200, "paid", { total: 3 }),
        networkRequest(T0 + 1300, "POST", "/api/cart/12", 503, 1800),
        networkRequest(T0 + 1400, "GET", "/api/search?q=x", 200),
      ],
      { sessionId: first.sessionId, seq: 1 },
    );
    for (const b of [first, second]) {
      const r = await ingest(
        new Request(`http://rewind.test/api/v1/ingest?k=${projectKey}`, {
          method: "POST",
          body: JSON.stringify(b),
        }),
      );
      expect(r.status).toBe(200);
    }
    const res = await exported(first.sessionId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(".rrweb.json");
    const text = await res.text();
    const events = JSON.parse(text) as unknown[];
    expect(events).toEqual([...first.events, ...second.events]);

    const imp = await imported(gzipSync(text));
    expect(imp.status).toBe(201);
    const { sessionId, events: count } = (await imp.json()) as { sessionId: string; events: number };
    expect(count).toBe(events.length);
    expect(JSON.parse(await (await exported(sessionId)).text())).toEqual(events);
    expect(await aggregatesOf(sessionId)).toEqual(await aggregatesOf(first.sessionId));
    // Active time is summed within each batch: the import's batches join the gap the original's cut.
    const active = async (sid: string) => Number((await getSession(ws, sid))!.fields.activeMs);
    expect(await active(sessionId)).toBeGreaterThanOrEqual(await active(first.sessionId));
    const kinds = async (sid: string) => (await listSignals(ws, sid)).map((s) => [s.kind, s.at]);
    expect(await kinds(sessionId)).toEqual(await kinds(first.sessionId));
    expect((await kinds(sessionId)).length).toBeGreaterThan(0);
    const requests = async (sid: string) => (await requestsOf(ws, [sid])).get(sid);
    expect(await requests(sessionId)).toEqual(await requests(first.sessionId));
    expect(await requests(sessionId)).toHaveLength(2);
  });

  test("a file larger than one batch is imported as several batches in order", async () => {
    const many: { type: number; timestamp: number; data: Record<string, unknown> }[] = [
      meta(T0),
      fullSnapshot(T0 + 1),
    ];
    for (let i = 0; i < 3000; i++)
      many.push({ ...mutation(T0 + 10 + i), data: { ...mutation(0).data, pad: "x".repeat(200) } });
    const r = await imported(JSON.stringify(many));
    expect(r.status).toBe(201);
    const body = (await r.json()) as { sessionId: string; batches: number };
    expect(body.batches).toBeGreaterThan(1);
    expect((JSON.parse(await (await exported(body.sessionId)).text()) as unknown[]).length).toBe(many.length);
  });

  test("bad files get a clear 4xx", async () => {
    const status = async (body: BodyInit) => {
      const r = await imported(body);
      const json = (await r.json()) as { error?: { message: string } };
      expect(json.error?.message).toBeTruthy();
      return r.status;
    };
    expect(await status("not json")).toBe(400);
    expect(await status(JSON.stringify({ hello: 1 }))).toBe(400);
    expect(await status("[]")).toBe(400);
    expect(await status(JSON.stringify([{ type: "2", timestamp: T0, data: {} }]))).toBe(400);
    expect(await status(JSON.stringify([{ type: 2, timestamp: 12, data: {} }]))).toBe(400);
    expect(await status(new Uint8Array([0x1f, 0x8b, 0, 0]))).toBe(400);
    expect(await status("x".repeat(LIMIT + 1))).toBe(413);
    expect(await status("[".repeat(2000))).toBe(413);
  });

  test("more custom events than one batch takes are imported as several batches", async () => {
    const events = [meta(T0), ...Array.from({ length: 600 }, (_, i) => custom(T0 + i, "e"))];
    const r = await imported(JSON.stringify(events));
    expect(r.status).toBe(201);
    expect(((await r.json()) as { batches: number }).batches).toBe(2);
  });

  test("a read-only key may export but not import; an unknown recording is 404", async () => {
    expect((await imported("[]", readKey)).status).toBe(403);
    expect((await exported("no-such-recording")).status).toBe(404);
  });
});

import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { POST, GET as wrongMethod } from "@/app/api/v1/ingest/route";
import { getProjectKey, rotateProjectKey } from "@/lib/data/keys";
import { getSession, listChunkKeys, listSignals } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";
import { batch, click, fullSnapshot, meta, mutation, pageview, scroll, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

const LIMIT = 4 * 1024 * 1024;
let ws: string;
let key: string;
let rotatedOut: string;

beforeAll(async () => {
  process.env.INGEST_MAX_BYTES = String(LIMIT);
  ({ ws, key: rotatedOut } = await freshWorkspace("Ingest Co", "ingest@test.dev"));
  await rotateProjectKey(ws);
  await rotateProjectKey(ws);
  key = (await getProjectKey(ws)).current;
});

const valid = (over: Record<string, unknown> = {}) =>
  batch(
    [
      meta(T0),
      fullSnapshot(T0 + 1),
      pageview(T0 + 2, "https://shop.example/"),
      click(T0 + 500),
      mutation(T0 + 600),
    ],
    over,
  );

function send(
  body: BodyInit | null,
  opts: { k?: string | null; headers?: Record<string, string>; method?: string } = {},
) {
  const k = opts.k === undefined ? key : opts.k;
  const url = `http://rewind.test/api/v1/ingest${k === null ? "" : `?k=${encodeURIComponent(k)}`}`;
  return POST(
    new Request(url, {
      method: opts.method ?? "POST",
      body,
      headers: {
        "content-type": "text/plain",
        "user-agent":
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
        ...opts.headers,
      },
    }),
  );
}
const json = (value: unknown) => JSON.stringify(value);

async function storedChunks(): Promise<string[]> {
  return (await (await blob()).list("rec/")).map((b) => b.key);
}

describe("a valid batch", () => {
  test("is stored as one gzip chunk and updates the session's aggregates (gzip body)", async () => {
    const b = valid({ distinctId: "alice@example.com" });
    const res = await send(gzipSync(json(b)), { headers: { "x-vercel-ip-country": "de" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const session = await getSession(ws, b.sessionId);
    expect(session).toMatchObject({ startedAt: T0, endedAt: T0 + 600, durationMs: 600, chunkCount: 1 });
    expect(session!.fields).toMatchObject({
      distinctId: "alice@example.com",
      pageCount: 1,
      clickCount: 1,
      browser: "chrome",
      os: "linux",
      device: "desktop",
      country: "DE",
      viewport: "1280x720",
      firstUrl: "https://shop.example/",
      hasFullSnapshot: true,
      retentionDays: 30,
    });
    const [chunk] = await listChunkKeys(ws, b.sessionId);
    expect(chunk).toBe(`rec/30d/${ws}/${b.sessionId}/${T0}-${b.batchId}.json.gz`);
  });

  test("a plain JSON body is stored gzipped too", async () => {
    const b = valid();
    expect((await send(json(b))).status).toBe(200);
    const [chunk] = await listChunkKeys(ws, b.sessionId);
    const stream = await (await blob()).get(chunk!);
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  });

  test("a repeated batch id stores one chunk and answers 200", async () => {
    const b = valid();
    expect((await send(json(b))).status).toBe(200);
    const again = await send(json(b));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(await listChunkKeys(ws, b.sessionId)).toHaveLength(1);
    expect((await getSession(ws, b.sessionId))!.fields.clickCount).toBe(1);
  });

  test("the same batch sent twice at once stores one chunk; the loser is told to retry", async () => {
    const b = valid();
    const [r1, r2] = await Promise.all([send(json(b)), send(json(b))]);
    // One request stores it; the other either saw it done (200) or in progress (503, retry).
    expect([r1.status, r2.status]).toContain(200);
    expect([r1.status, r2.status].every((s) => s === 200 || s === 503)).toBe(true);
    for (const r of [r1, r2]) if (r.status === 503) expect(r.headers.get("retry-after")).toBe("1");
    expect((await send(json(b))).status).toBe(200);
    expect(await listChunkKeys(ws, b.sessionId)).toHaveLength(1);
    expect((await getSession(ws, b.sessionId))!.fields.clickCount).toBe(1);
  });

  test("concurrent batches of one session keep exact counters", async () => {
    const sessionId = "concurrent-session";
    const batches = Array.from({ length: 20 }, (_, i) =>
      batch([click(T0 + i * 10_000), mutation(T0 + i * 10_000 + 10)], { sessionId, seq: i }),
    );
    const answers = await Promise.all(batches.map((b) => send(json(b))));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const session = await getSession(ws, sessionId);
    expect(session!.fields.clickCount).toBe(20);
    expect(session!.chunkCount).toBe(20);
    expect(session!.durationMs).toBe(19 * 10_000 + 10);
  });

  test("signals are kept as timestamped markers and as filter indexes", async () => {
    const b = batch([click(T0, 10, 10), click(T0 + 100, 12, 12), click(T0 + 200, 11, 9), mutation(T0 + 300)]);
    await send(json(b));
    expect((await listSignals(ws, b.sessionId)).map((s) => [s.kind, s.at])).toEqual([["rage", T0]]);
    const store = await kv();
    expect(await store.zscore(`{w:${ws}}:ix:signal:rage`, b.sessionId)).toBe(T0);
    expect((await getSession(ws, b.sessionId))!.fields.rageCount).toBe(1);
  });

  test("a rage burst split across two batches is one rage click", async () => {
    const sessionId = "split-rage";
    await send(json(batch([click(T0, 10, 10), click(T0 + 100, 10, 10)], { sessionId, seq: 0 })));
    await send(
      json(
        batch([click(T0 + 200, 10, 10), click(T0 + 300, 10, 10), mutation(T0 + 400)], { sessionId, seq: 1 }),
      ),
    );
    expect((await listSignals(ws, sessionId)).filter((s) => s.kind === "rage")).toHaveLength(1);
    expect((await getSession(ws, sessionId))!.fields.rageCount).toBe(1);
  });

  test("a click at the end of a batch is judged dead by the next batch", async () => {
    const sessionId = "late-dead";
    await send(json(batch([mutation(T0), click(T0 + 1000, 50, 50)], { sessionId, seq: 0 })));
    expect(await listSignals(ws, sessionId)).toEqual([]);
    await send(json(batch([scroll(T0 + 5000)], { sessionId, seq: 1 })));
    expect((await listSignals(ws, sessionId)).map((s) => [s.kind, s.at])).toEqual([["dead", T0 + 1000]]);
  });

  test("identify sets the session's person and merges the person's properties", async () => {
    const b = batch([
      click(T0),
      {
        type: 5,
        timestamp: T0 + 10,
        data: {
          tag: "$identify",
          payload: { distinctId: "carol@example.com", properties: { plan: "growth", seats: 12 } },
        },
      },
    ]);
    await send(json(b));
    expect((await getSession(ws, b.sessionId))!.fields.distinctId).toBe("carol@example.com");
    const { personProperties } = await import("@/lib/data/persons");
    expect((await personProperties(ws, ["carol@example.com"])).get("carol@example.com")).toEqual({
      plan: "growth",
      seats: "12",
    });
  });

  test("a rotated key within its grace period still ingests", async () => {
    const fresh = await createWorkspace(
      (await createUser({ email: "grace@test.dev", name: "" })).id,
      "Grace",
    );
    const old = (await getProjectKey(fresh.id)).current;
    await rotateProjectKey(fresh.id);
    expect((await send(json(valid()), { k: old })).status).toBe(200);
  });

  test("the preflight is answered for any origin", async () => {
    const { OPTIONS } = await import("@/app/api/v1/ingest/route");
    const res = OPTIONS();
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

const bigEvents = (n: number) => Array.from({ length: n }, () => ({ type: 3, timestamp: T0, data: {} }));
const words = () => Array.from({ length: 800_000 }, (_, i) => `w${(i * 7919) % 5000}`).join(" ");
function truncatedGzip() {
  const full = gzipSync(json(valid()));
  return full.subarray(0, full.length - 10);
}

const badInputs: [
  string,
  () => { body: BodyInit | null; k?: string | null; headers?: Record<string, string> },
  number,
  string,
][] = [
  ["not gzip, not JSON", () => ({ body: "hello there" }), 400, "bad_request"],
  ["truncated gzip", () => ({ body: truncatedGzip() }), 400, "bad_request"],
  ["a gzip bomb", () => ({ body: gzipSync(Buffer.alloc(60 * 1024 * 1024)) }), 413, "payload_too_large"],
  ["invalid JSON", () => ({ body: '{"v":1,' }), 400, "bad_request"],
  ["invalid UTF-8", () => ({ body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), 400, "bad_request"],
  ["a JSON array", () => ({ body: "[]" }), 400, "bad_request"],
  ["JSON null", () => ({ body: "null" }), 400, "bad_request"],
  ["an unknown version", () => ({ body: json(valid({ v: 2 })) }), 400, "bad_request"],
  ["a numeric session id", () => ({ body: json(valid({ sessionId: 42 })) }), 400, "bad_request"],
  ["a missing session id", () => ({ body: json(valid({ sessionId: undefined })) }), 400, "bad_request"],
  ["a missing batch id", () => ({ body: json(valid({ batchId: undefined })) }), 400, "bad_request"],
  ["a huge session id", () => ({ body: json(valid({ sessionId: "s".repeat(65) })) }), 400, "bad_request"],
  [
    "a path-like session id",
    () => ({ body: json(valid({ sessionId: "../../etc/passwd" })) }),
    400,
    "bad_request",
  ],
  ["a path-like batch id", () => ({ body: json(valid({ batchId: "a/../../b" })) }), 400, "bad_request"],
  [
    "a distinct id with control characters",
    () => ({ body: json(valid({ distinctId: "bob\u0000" })) }),
    400,
    "bad_request",
  ],
  [
    "a distinct id over 200 characters",
    () => ({ body: json(valid({ distinctId: "x".repeat(201) })) }),
    400,
    "bad_request",
  ],
  ["a negative seq", () => ({ body: json(valid({ seq: -1 })) }), 400, "bad_request"],
  ["no events", () => ({ body: json(valid({ events: [] })) }), 400, "bad_request"],
  ["too many events", () => ({ body: json(batch(bigEvents(50_001))) }), 413, "payload_too_large"],
  [
    "an unknown event type",
    () => ({ body: json(batch([{ type: 9, timestamp: T0, data: {} }])) }),
    400,
    "bad_request",
  ],
  [
    "a string timestamp",
    () => ({ body: json(batch([{ type: 3, timestamp: "now", data: {} }])) }),
    400,
    "bad_request",
  ],
  [
    "a timestamp a year ahead",
    () => ({ body: json(batch([{ type: 3, timestamp: Date.now() + 365 * 86400_000, data: {} }])) }),
    400,
    "bad_request",
  ],
  [
    "event data that is not an object",
    () => ({ body: json(batch([{ type: 3, timestamp: T0, data: "x" }])) }),
    400,
    "bad_request",
  ],
  [
    "oversize before inflating",
    () => ({ body: randomBytes(LIMIT + 1000).toString("base64") }),
    413,
    "payload_too_large",
  ],
  [
    "a lying content-length",
    () => ({ body: json(valid()), headers: { "content-length": String(LIMIT * 4) } }),
    413,
    "payload_too_large",
  ],
  [
    "oversize after inflating",
    () => ({ body: gzipSync(json(valid({ sdk: undefined, pad: words() }))) }),
    413,
    "payload_too_large",
  ],
  ["an empty body", () => ({ body: "" }), 400, "bad_request"],
  ["no project key", () => ({ body: json(valid()), k: null }), 401, "unauthorized"],
  [
    "an unknown project key",
    () => ({ body: json(valid()), k: "pk_doesnotexistatall123" }),
    401,
    "unauthorized",
  ],
  ["a rotated-out project key", () => ({ body: json(valid()), k: rotatedOut }), 401, "unauthorized"],
  [
    "a project key with odd characters",
    () => ({ body: json(valid()), k: "pk_../../x" }),
    401,
    "unauthorized",
  ],
];

describe("bad input", () => {
  test.each(badInputs)("%s is refused and nothing is stored", async (_name, make, status, code) => {
    const before = await storedChunks();
    const { body, k, headers } = make();
    const res = await send(body, { k, headers });
    expect(res.status).toBe(status);
    const answer = await res.json();
    expect(answer.error.code).toBe(code);
    expect(answer.error.message.length).toBeGreaterThan(10);
    expect(await storedChunks()).toEqual(before);
    // The server keeps serving after each bad request.
    expect((await send(json(valid()))).status).toBe(200);
  });

  test("a wrong method gets 405 in the standard shape", async () => {
    const res = wrongMethod();
    expect(res.status).toBe(405);
    expect((await res.json()).error.code).toBe("method_not_allowed");
  });
});

import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { DROPIN_SHAPES } from "@/bench/adversarial-shapes";
import { DEFAULT_SETTINGS } from "@/lib/data/settings";
import { decodePosthogBody } from "@/lib/dropin/body";
import { posthogRemoteConfig, posthogRemoteConfigScript } from "@/lib/dropin/config";
import { decodeCapture } from "@/lib/dropin/decode";
import { DROPIN_BATCHES_PER_REQUEST, DROPIN_SESSIONS_PER_REQUEST, mapCapture } from "@/lib/dropin/map";
import { InflateBudget } from "@/lib/dropin/snapshot";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { click, fullSnapshot, meta, mutation, T0 } from "../helpers/batches";
import {
  base64Form,
  compressFullSnapshot,
  compressMutation,
  gzipJs,
  phEvent,
  snapshotEvent,
} from "./posthog-wire";

const MB = 1024 * 1024;
const o = { token: "pk_test", sessionId: "0192aaaa-bbbb-7ccc-8ddd-eeeeffff0000", distinctId: "0192d-anon" };
const map = (body: unknown, max = 4 * MB) => mapCapture(body, new InflateBudget(4 * MB), max);
const enc = new TextEncoder();

describe("posthog bodies", () => {
  const events = [phEvent(o, "$pageview", T0, { $current_url: "https://shop.example/é" })];

  test("plain JSON, gzip-js and the base64 form decode to the same events", () => {
    const plain = decodePosthogBody(enc.encode(JSON.stringify(events)), MB, null);
    expect(decodePosthogBody(gzipJs(events), MB, "gzip-js")).toEqual(plain);
    expect(decodePosthogBody(enc.encode(base64Form(events)), MB, "base64")).toEqual(plain);
  });

  test("bad bodies are 4xx with a reason", () => {
    const bad = (bytes: Uint8Array, c: string | null = null) => {
      try {
        decodePosthogBody(bytes, MB, c);
      } catch (e) {
        return (e as { status: number; message: string }).status;
      }
      return 200;
    };
    expect(bad(new Uint8Array())).toBe(400);
    expect(bad(enc.encode("{not json"))).toBe(400);
    expect(bad(enc.encode("data=%%%not-base64"))).toBe(400);
    expect(bad(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toBe(400);
    expect(bad(enc.encode("data=abc"), "lz64")).toBe(415);
    expect(bad(enc.encode("[".repeat(5000)))).toBe(413);
  });
});

describe("mapping posthog events onto our batches", () => {
  test("page views, exceptions, custom events and snapshots of one session make one batch", () => {
    const body = [
      phEvent(o, "$pageview", T0, { $current_url: "https://shop.example/cart", title: "Cart" }),
      phEvent(o, "added_to_cart", T0 + 10, { sku: "A-1", $referrer: "x", token: "pk_test" }),
      phEvent(o, "$exception", T0 + 20, {
        $exception_list: [
          {
            type: "TypeError",
            value: "x is undefined",
            mechanism: { type: "onerror" },
            stacktrace: {
              frames: [
                { function: "main", filename: "https://shop.example/app.js", lineno: 1, colno: 2 },
                { function: "checkout", filename: "https://shop.example/cart.js", lineno: 10, colno: 5 },
              ],
            },
          },
        ],
      }),
      phEvent(o, "$autocapture", T0 + 30),
      snapshotEvent(o, T0 + 40, [meta(T0), fullSnapshot(T0 + 1), click(T0 + 40)]),
    ];
    const { token, batches, skipped } = map(body);
    expect(token).toBe("pk_test");
    expect(skipped).toBe(1);
    expect(batches).toHaveLength(1);
    const b = batches[0]!;
    expect(b).toMatchObject({
      v: 1,
      sessionId: o.sessionId,
      windowId: "win-1",
      distinctId: `anon-${o.distinctId}`,
      sdk: "posthog-js/1.449.2",
      seq: 0,
    });
    expect(b.batchId).toMatch(/^ph-[A-Za-z0-9_-]{40}$/);
    expect(b.events.map((e) => (e.type === 5 ? e.data.tag : e.type))).toEqual([
      "$pageview",
      "added_to_cart",
      "$exception",
      4,
      2,
      3,
    ]);
    expect(b.events[0]!.data.payload).toEqual({ url: "https://shop.example/cart", title: "Cart" });
    expect(b.events[1]!.data.payload).toEqual({ sku: "A-1" });
    expect(b.events[2]!.data.payload).toMatchObject({
      message: "TypeError: x is undefined",
      source: "onerror",
      stack: expect.stringMatching(/^ {4}at checkout \(https:\/\/shop.example\/cart.js:10:5\)/),
    });
  });

  test("cv-compressed full snapshots and mutations are restored to plain rrweb", () => {
    const m = {
      ...mutation(T0 + 5),
      data: { ...mutation(T0 + 5).data, adds: [{ parentId: 1, node: { id: 9 } }] },
    };
    const body = [snapshotEvent(o, T0, [compressFullSnapshot(fullSnapshot(T0)), compressMutation(m)])];
    const [b] = map(body).batches;
    expect(b!.events).toEqual([fullSnapshot(T0), m]);
  });

  test("many cv fields of several events and sessions are each restored to their own value", () => {
    const other = { ...o, sessionId: "other-session" };
    const mutations = Array.from({ length: 40 }, (_, i) => ({
      ...mutation(T0 + i),
      data: {
        ...mutation(T0 + i).data,
        texts: i % 3 ? [] : [{ id: i, value: `text ${i} é` }],
        adds: [{ parentId: i, node: { id: 1000 + i, textContent: "x".repeat(i * 50) } }],
      },
    }));
    const body = [
      snapshotEvent(o, T0, [
        compressFullSnapshot(fullSnapshot(T0)),
        ...mutations.slice(0, 20).map(compressMutation),
      ]),
      snapshotEvent(other, T0, mutations.slice(20).map(compressMutation)),
    ];
    const { batches } = map(body);
    expect(batches.map((b) => b.events)).toEqual([
      [fullSnapshot(T0), ...mutations.slice(0, 20)],
      mutations.slice(20),
    ]);
  });

  test("a cv field that is not exactly one valid gzip member is refused (400) with the reason", () => {
    const gz = (v: unknown) => gzipSync(JSON.stringify(v));
    const field = (texts: Buffer, adds: Buffer = gz([])) => ({
      type: 3,
      timestamp: T0 + 1,
      cv: "2024-10",
      data: {
        source: 0,
        texts: texts.toString("latin1"),
        attributes: [],
        removes: [],
        adds: adds.toString("latin1"),
      },
    });
    const refusal = (texts: Buffer, adds?: Buffer) => {
      try {
        map([snapshotEvent(o, T0, [compressFullSnapshot(fullSnapshot(T0)), field(texts, adds)])]);
      } catch (e) {
        return `${(e as { status: number }).status} ${(e as Error).message}`;
      }
      return "stored";
    };
    const lengthLies = Buffer.from(gz(["a"]));
    lengthLies.writeUInt32LE(99, lengthLies.byteLength - 4);
    const corrupt = Buffer.from(gz(["some text"]));
    corrupt[12] = corrupt[12]! ^ 0xff;
    expect(refusal(Buffer.concat([gz([]), gz(["b"])]))).toMatch(/^400 .*not one gzip member/);
    expect(refusal(lengthLies)).toMatch(/^400 .*not valid gzip/);
    expect(refusal(corrupt)).toMatch(/^400 .*not valid gzip/);
    expect(refusal(Buffer.from("[]"))).toMatch(
      /^400 A mutation's texts is marked compressed \(cv\) but is not gzip/,
    );
    expect(refusal(gzipSync("{"))).toMatch(/^400 .*not JSON/);
    expect(refusal(gz(["fine"]))).toBe("stored");
    // zlib stops quietly at a byte that starts no member: the rest must not be taken for other fields.
    const le32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n);
      return b;
    };
    const smuggler = Buffer.concat([gzipSync('[1]["x"]'), Buffer.from([0]), le32(3)]);
    const unread = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(14), le32(5)]);
    expect(refusal(smuggler, unread)).toMatch(/^400 .*not one gzip member/);
    expect(refusal(Buffer.concat([gz(["a"]), Buffer.from([0, 1, 2, 3, 4])]))).toMatch(
      /^400 .*not one gzip member/,
    );
  });

  test("the same request maps to the same batch id; other content to another", () => {
    const body = [phEvent(o, "signup", T0)];
    expect(map(body).batches[0]!.batchId).toBe(map(structuredClone(body)).batches[0]!.batchId);
    expect(map([phEvent(o, "signup", T0 + 1)]).batches[0]!.batchId).not.toBe(map(body).batches[0]!.batchId);
  });

  test("$identify names the person and carries the anonymous id; events of two sessions are two batches", () => {
    const person = { ...o, distinctId: "alice@example.com", identified: true };
    const other = { ...o, sessionId: "other-session" };
    const { batches } = map({
      api_key: "pk_test",
      batch: [
        phEvent(person, "$identify", T0, { $anon_distinct_id: o.distinctId, $set: { plan: "pro" } }),
        phEvent(other, "signup", T0),
      ],
    });
    expect(batches.map((b) => b.sessionId)).toEqual([o.sessionId, "other-session"]);
    expect(batches[0]!.distinctId).toBe("alice@example.com");
    expect(batches[0]!.events[0]!.data.payload).toEqual({
      distinctId: "alice@example.com",
      anonymousId: `anon-${o.distinctId}`,
      properties: { plan: "pro" },
    });
  });

  test("a session's events over the byte budget are cut into several batches", () => {
    const body = [
      snapshotEvent(
        o,
        T0,
        Array.from({ length: 10 }, (_, i) => click(T0 + i)),
      ),
    ];
    const { batches } = map(body, 200);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flatMap((b) => b.events)).toHaveLength(10);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(batches.length);
  });

  test("events without a session are skipped; bad fields are 400; no token is 401", () => {
    const noSession = phEvent(o, "signup", T0);
    delete (noSession.properties as Record<string, unknown>).$session_id;
    expect(map([noSession])).toMatchObject({ batches: [], skipped: 1 });
    const status = (body: unknown) => {
      try {
        map(body);
      } catch (e) {
        return (e as { status: number }).status;
      }
      return 200;
    };
    expect(status("text")).toBe(400);
    expect(status([{ properties: {} }])).toBe(400);
    expect(status([phEvent(o, "x", T0, { $session_id: "bad id!" })])).toBe(400);
    expect(status([{ ...phEvent(o, "x", T0), timestamp: "yesterday" }])).toBe(400);
    expect(status([phEvent(o, "$snapshot", T0, { $snapshot_data: "nope" })])).toBe(400);
    expect(
      status([phEvent({ ...o, token: "pk_a" }, "x", T0), phEvent({ ...o, token: "pk_b" }, "x", T0)]),
    ).toBe(400);
    expect(status([phEvent({ ...o, token: "" }, "x", T0)])).toBe(401);
    expect(
      status([snapshotEvent(o, T0, [{ type: 2, timestamp: T0, data: "\u0000not gzip", cv: "2024-10" }])]),
    ).toBe(400);
  });

  test("a gzip bomb in a cv field costs no more than the budget", () => {
    const huge = compressFullSnapshot({ type: 2, timestamp: T0, data: { pad: "a".repeat(3 * MB) } });
    expect(() => mapCapture([snapshotEvent(o, T0, [huge])], new InflateBudget(MB), MB)).toThrow(/inflate/);
  });

  test("a page view's URL is cut to ingest's urlChars, as our SDK cuts it", () => {
    const long = `https://shop.example/?utm=${"x".repeat(3000)}`;
    const { batches } = map([phEvent(o, "$pageview", T0, { $current_url: long })]);
    const payload = batches[0]!.events[0]!.data.payload as { url: string };
    expect(payload.url).toBe(long.slice(0, INGEST_LIMITS.urlChars));
  });

  test("a session's custom events are cut into batches within the captured-event cap", () => {
    const n = INGEST_LIMITS.capturedEventsPerBatch * 2 + 7;
    const body = Array.from({ length: n }, (_, i) => phEvent(o, `step_${i % 5}`, T0 + i));
    const { batches } = map(body);
    expect(batches.map((b) => b.events.length)).toEqual([
      INGEST_LIMITS.capturedEventsPerBatch,
      INGEST_LIMITS.capturedEventsPerBatch,
      7,
    ]);
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(3);
  });

  test(`a request whose events make more than ${DROPIN_BATCHES_PER_REQUEST} of our batches is refused whole (413, naming the cap)`, () => {
    const events = (n: number) => Array.from({ length: n }, (_, i) => phEvent(o, `step_${i % 5}`, T0 + i));
    const most = INGEST_LIMITS.capturedEventsPerBatch * DROPIN_BATCHES_PER_REQUEST;
    expect(map(events(most)).batches).toHaveLength(DROPIN_BATCHES_PER_REQUEST);
    expect(() => map(events(most + 1))).toThrow(
      expect.objectContaining({ status: 413, message: expect.stringContaining("dropinBatchesPerRequest") }),
    );
  });

  test(`a request naming more than ${DROPIN_SESSIONS_PER_REQUEST} sessions is refused whole (413, naming the cap)`, () => {
    const many = (sessions: number) =>
      Array.from({ length: sessions }, (_, i) =>
        phEvent({ ...o, sessionId: `s-${i}` }, "$pageview", T0 + i, {
          $current_url: "https://shop.example/",
        }),
      );
    expect(map(many(DROPIN_SESSIONS_PER_REQUEST)).batches).toHaveLength(DROPIN_SESSIONS_PER_REQUEST);
    expect(() => map(many(DROPIN_SESSIONS_PER_REQUEST + 1))).toThrow(
      expect.objectContaining({ status: 413, message: expect.stringContaining("dropinSessionsPerRequest") }),
    );
  });
});

test.each(DROPIN_SHAPES.map((s) => [s.name, s] as const))(
  "the adversarial bench's drop-in shape %s is a body the drop-in decodes",
  (_name, shape) => {
    const decoded = decodeCapture(shape.body(200, T0, "pk_bench"), 25 * MB, "gzip-js");
    expect(decoded.token).toBe("pk_bench");
    const events = decoded.batches.flatMap((b) => JSON.parse(new TextDecoder().decode(b)).events);
    expect(events.length + decoded.skipped).toBe(200);
  },
);

describe("remote config", () => {
  test("maps the workspace's masking, sampling and minimum duration to posthog-js options", () => {
    const c = posthogRemoteConfig("pk_test", {
      ...DEFAULT_SETTINGS,
      sampleRate: 0.5,
      minDurationMs: 2000,
      masking: { ...DEFAULT_SETTINGS.masking, level: 3, blockSelector: ".secret" },
    });
    expect(c).toMatchObject({
      supportedCompression: ["gzip-js"],
      sessionRecording: {
        endpoint: "/s/",
        sampleRate: "0.50",
        minimumDurationMilliseconds: 2000,
        masking: { maskAllInputs: true, maskTextSelector: "*", blockSelector: ".secret" },
      },
    });
    expect(posthogRemoteConfig("pk_test", { ...DEFAULT_SETTINGS, enabled: false }).sessionRecording).toBe(
      false,
    );
  });

  test("the script form sets the global posthog-js reads, and cannot close its script tag", () => {
    const script = posthogRemoteConfigScript("pk_</script>", { a: "</script>" });
    expect(script).not.toContain("</script>");
    const window: Record<string, unknown> = {};
    new Function("window", script)(window);
    expect(window._POSTHOG_REMOTE_CONFIG).toEqual({
      "pk_</script>": { config: { a: "</script>" }, siteApps: [] },
    });
  });
});

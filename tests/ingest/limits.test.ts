import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { GET as config } from "@/app/api/v1/config/route";
import { POST } from "@/app/api/v1/ingest/route";
import { SHAPES } from "@/bench/adversarial-shapes";
import { getSession, listChunkKeys, listSignals } from "@/lib/data/sessions";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { batch, click, custom, meta, pageview, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

/** Each cap of lib/ingest/limits.ts refuses a batch whole with a 413 that names it. */

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Limits Co", "limits@test.dev"));
});

const send = (body: unknown) =>
  POST(
    new Request(`http://rewind.test/api/v1/ingest?k=${key}`, {
      method: "POST",
      body: gzipSync(JSON.stringify(body)),
      headers: { "content-type": "text/plain" },
    }),
  );

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The batch is refused whole with a 413 naming the cap, and its session's stored chunks stay as they were. */
async function expectRefused(body: { sessionId: string }, cap: keyof typeof INGEST_LIMITS) {
  const chunks = await listChunkKeys(ws, body.sessionId);
  const res = await send(body);
  const answer = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status, answer.error?.message).toBe(413);
  expect(answer.error.code).toBe("payload_too_large");
  expect(answer.error.message).toContain(`(${cap})`);
  expect(answer.error.message).toContain(INGEST_LIMITS[cap].toLocaleString("en-US"));
  expect(await listChunkKeys(ws, body.sessionId)).toEqual(chunks);
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("a batch over a per-batch cap is refused whole", () => {
  test("more events than eventsPerBatch", async () => {
    const n = INGEST_LIMITS.eventsPerBatch + 1;
    await expectRefused(batch(range(n).map((i) => click(T0 + i))), "eventsPerBatch");
  });

  test("more page views, custom events and exceptions than capturedEventsPerBatch", async () => {
    const n = INGEST_LIMITS.capturedEventsPerBatch + 1;
    await expectRefused(
      batch(range(n).map((i) => custom(T0 + i, "added_to_cart"))),
      "capturedEventsPerBatch",
    );
  });

  test("more distinct event names than eventNamesPerBatch", async () => {
    const n = INGEST_LIMITS.eventNamesPerBatch + 1;
    await expectRefused(batch(range(n).map((i) => custom(T0 + i, `event-${i}`))), "eventNamesPerBatch");
  });

  test("more distinct paths than pathsPerBatch", async () => {
    const n = INGEST_LIMITS.pathsPerBatch + 1;
    await expectRefused(
      batch(range(n).map((i) => pageview(T0 + i, `https://shop.example/p/${i}`))),
      "pathsPerBatch",
    );
  });

  test("more UX signals than signalsPerBatch", async () => {
    // Clicks far apart with nothing reacting: each one a dead click.
    const n = INGEST_LIMITS.signalsPerBatch + 1;
    await expectRefused(
      batch([meta(T0), ...range(n + 1).map((i) => click(T0 + 1 + i * 3000, i % 900, 100))]),
      "signalsPerBatch",
    );
  });

  test("more people than personsPerBatch", async () => {
    const identify = (at: number, distinctId: string) => ({
      type: 5,
      timestamp: at,
      data: { tag: "$identify", payload: { distinctId, properties: {} } },
    });
    await expectRefused(
      batch([meta(T0), identify(T0 + 1, "ada@example.com"), identify(T0 + 2, "bob@example.com")]),
      "personsPerBatch",
    );
  });

  test("an event with more properties than propertiesPerEvent", async () => {
    const props = Object.fromEntries(range(INGEST_LIMITS.propertiesPerEvent + 1).map((i) => [`p${i}`, i]));
    await expectRefused(batch([meta(T0), custom(T0 + 1, "signed_up", props)]), "propertiesPerEvent");
  });

  test("a property name longer than propertyKeyChars", async () => {
    const name = "k".repeat(INGEST_LIMITS.propertyKeyChars + 1);
    await expectRefused(batch([meta(T0), custom(T0 + 1, "signed_up", { [name]: 1 })]), "propertyKeyChars");
  });

  test("a property value longer than propertyValueChars", async () => {
    const value = "v".repeat(INGEST_LIMITS.propertyValueChars + 1);
    await expectRefused(
      batch([meta(T0), custom(T0 + 1, "signed_up", { plan: value })]),
      "propertyValueChars",
    );
  });

  test("a custom event's name longer than eventNameChars", async () => {
    const name = "n".repeat(INGEST_LIMITS.eventNameChars + 1);
    await expectRefused(batch([meta(T0), custom(T0 + 1, name)]), "eventNameChars");
  });

  test("a page view's URL longer than urlChars", async () => {
    const url = `https://shop.example/${"p".repeat(INGEST_LIMITS.urlChars)}`;
    await expectRefused(batch([meta(T0), pageview(T0 + 1, url)]), "urlChars");
  });

  test("event data nested deeper than nestingDepth", async () => {
    const deep = {
      type: 3,
      timestamp: T0 + 1,
      data: { source: 0, adds: nested(INGEST_LIMITS.nestingDepth) },
    };
    await expectRefused(batch([meta(T0), deep]), "nestingDepth");
  });

  test("a batch at every cap is stored", async () => {
    const names = range(INGEST_LIMITS.eventNamesPerBatch).map((i) => custom(T0 + i, `event-${i}`));
    const pages = range(INGEST_LIMITS.pathsPerBatch).map((i) =>
      pageview(T0 + 200 + i, `https://a.example/${i}`),
    );
    const props = Object.fromEntries(
      range(INGEST_LIMITS.propertiesPerEvent).map((i) => [
        `p${i}`,
        "v".repeat(INGEST_LIMITS.propertyValueChars),
      ]),
    );
    // The longest URL and event name there may be: both stored, none skipped.
    const longPath = `/${"p".repeat(INGEST_LIMITS.urlChars - "https://a.example/".length)}`;
    const longName = "n".repeat(INGEST_LIMITS.eventNameChars);
    const b = batch([
      meta(T0),
      ...names.slice(1),
      ...pages.slice(1),
      pageview(T0 + 300, `https://a.example${longPath}`),
      custom(T0 + 301, longName),
      custom(T0 + 400, "event-1", props),
      click(T0 + 500),
    ]);
    expect((await send(b)).status).toBe(200);
    const fields = (await getSession(ws, b.sessionId))!.fields;
    expect(Number(fields.pathCount)).toBe(INGEST_LIMITS.pathsPerBatch);
    expect(Number(fields.eventNameCount)).toBe(INGEST_LIMITS.eventNamesPerBatch);
    expect(fields.pageCount).toBe(INGEST_LIMITS.pathsPerBatch);
  });
});

test("a batch of rage bursts as long as eventsPerBatch is within every cap: one signal per burst", async () => {
  // The adversarial bench's "clicks in rage bursts" (50,000 clicks 10 ms apart on one spot) is
  // stored, not refused: each click is in a burst, so none is also dead, and a burst (one marker)
  // holds a window's worth of clicks, so the markers stay far below signalsPerBatch.
  const shape = SHAPES.find((s) => s.name === "clicks in rage bursts")!;
  const b = batch(shape.events(INGEST_LIMITS.eventsPerBatch, T0 - 3_600_000));
  const res = await send(b);
  expect(res.status, await res.text()).toBe(200);
  const signals = await listSignals(ws, b.sessionId);
  expect(signals.every((s) => s.kind === "rage")).toBe(true);
  expect(signals.length).toBeGreaterThan(0);
  expect(signals.length).toBeLessThanOrEqual(INGEST_LIMITS.signalsPerBatch / 2);
  const clicks = INGEST_LIMITS.eventsPerBatch - 1;
  expect(signals.reduce((sum, s) => sum + (s.count ?? 0), 0)).toBe(clicks);
  const fields = (await getSession(ws, b.sessionId))!.fields;
  expect(fields.rageCount).toBe(signals.length);
  expect(fields.deadCount).toBe(0);
});

describe("a session over a per-session cap", () => {
  test("gets no new paths past pathsPerSession, but may view the ones it has again", async () => {
    const sessionId = randomUUID();
    const per = INGEST_LIMITS.pathsPerBatch;
    const rounds = INGEST_LIMITS.pathsPerSession / per;
    for (let r = 0; r < rounds; r++) {
      const views = range(per).map((i) => pageview(T0 + r * per + i, `https://shop.example/${r}/${i}`));
      expect((await send(batch(views, { sessionId, seq: r }))).status).toBe(200);
    }
    const again = batch([pageview(T0 + 50_000, "https://shop.example/0/0")], { sessionId, seq: rounds });
    expect((await send(again)).status).toBe(200);
    const res = await send(batch([pageview(T0 + 50_001, "https://shop.example/new")], { sessionId }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toContain("(pathsPerSession)");
  });

  test("gets no new event names past eventNamesPerSession", async () => {
    const sessionId = randomUUID();
    const per = INGEST_LIMITS.eventNamesPerBatch;
    const rounds = INGEST_LIMITS.eventNamesPerSession / per;
    for (let r = 0; r < rounds; r++) {
      const events = range(per).map((i) => custom(T0 + r * per + i, `e-${r}-${i}`));
      expect((await send(batch(events, { sessionId, seq: r }))).status).toBe(200);
    }
    const res = await send(batch([custom(T0 + 50_000, "one-more")], { sessionId }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toContain("(eventNamesPerSession)");
  });
});

describe("a session over personsPerSession", () => {
  test("gets no new people past the cap, but may send as the ones it has again", async () => {
    const sessionId = randomUUID();
    const people = range(INGEST_LIMITS.personsPerSession).map((i) => `person-${i}@example.com`);
    for (const [i, distinctId] of people.entries()) {
      const res = await send(batch([click(T0 + i)], { sessionId, seq: i, distinctId }));
      expect(res.status, await res.text()).toBe(200);
    }
    const again = batch([click(T0 + 100)], { sessionId, seq: 100, distinctId: people[3] });
    expect((await send(again)).status).toBe(200);
    const one = batch([click(T0 + 101)], { sessionId, seq: 101, distinctId: "one-more@example.com" });
    await expectRefused(one, "personsPerSession");
  });

  test("an identify() to someone new counts as one more", async () => {
    const sessionId = randomUUID();
    const people = range(INGEST_LIMITS.personsPerSession).map((i) => `anon-${i}`);
    for (const [i, distinctId] of people.entries()) {
      expect((await send(batch([click(T0 + i)], { sessionId, seq: i, distinctId }))).status).toBe(200);
    }
    const identify = {
      type: 5,
      timestamp: T0 + 50,
      data: { tag: "$identify", payload: { distinctId: "ada@example.com", properties: {} } },
    };
    const res = await send(batch([identify], { sessionId, seq: 50, distinctId: people[0] }));
    const answer = (await res.json()) as { error: { message: string } };
    expect(res.status).toBe(413);
    expect(answer.error.message).toContain("(personsPerSession)");
  });
});

test("the remote config carries the caps, so the SDK splits before sending", async () => {
  const res = await config(new Request(`http://rewind.test/api/v1/config?k=${key}`));
  expect((await res.json()).limits).toEqual(INGEST_LIMITS);
});

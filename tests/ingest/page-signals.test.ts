import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { eventsFrom } from "@/lib/data/events";
import { getSession, listChunkKeys } from "@/lib/data/sessions";
import { sessionVitals } from "@/lib/data/vitals";
import { FORMS_INDEXED_PER_SESSION, INGEST_LIMITS } from "@/lib/ingest/limits";
import type { RrwebEvent } from "@/lib/ingest/schema";
import { summarizeBatch } from "@/lib/ingest/summarize";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import { batch, click, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { ingestBatch, postBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

/** Web Vitals and form submissions (sdk/src/page-signals.ts) through the real ingest route and store. */

const vital = (at: number, name: string, value: number, extra: Record<string, unknown> = {}) => ({
  type: 6,
  timestamp: at,
  data: {
    plugin: "rewind/vitals@1",
    payload: { name, value, view: "1700000000000-1", url: "https://shop.example/?q=1", ...extra },
  },
});
const formSubmit = (at: number, payload: Record<string, unknown>) => ({
  type: 6,
  timestamp: at,
  data: { plugin: "rewind/form@1", payload: { via: "submit", ...payload } },
});

let ws: string;
let key: string;

beforeAll(async () => {
  ({ ws, key } = await freshWorkspace("Vitals Co", "vitals@test.dev"));
});

const send = (body: unknown) => postBatch(key, body);

async function refused(body: { sessionId: string }, status: number) {
  const res = await send(body);
  const answer = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status, answer.error?.message).toBe(status);
  expect(await listChunkKeys(ws, body.sessionId)).toEqual([]);
  return answer.error;
}

const search = async (q: string) =>
  (await querySessions(ws, parseSearch(q), { sort: "recent", cursor: null, limit: 100 })).sessions.map(
    (s) => s.id,
  );

describe("the summary", () => {
  test("rates each measurement by the official thresholds, not the client's rating", () => {
    const s = summarizeBatch([
      meta(T0),
      pageview(T0 + 1, "https://shop.example/"),
      vital(T0 + 10, "LCP", 3100, { rating: "good", target: "img.hero" }),
      vital(T0 + 11, "INP", 520, { interaction: "pointer", target: "button#buy" }),
      vital(T0 + 12, "CLS", 0.05),
      vital(T0 + 13, "FCP", 1800),
      vital(T0 + 14, "TTFB", 1801),
    ] as RrwebEvent[]);
    expect(s.vitals.map((v) => [v.name, v.value, v.rating])).toEqual([
      ["LCP", 3100, "needs-improvement"],
      ["INP", 520, "poor"],
      ["CLS", 0.05, "good"],
      ["FCP", 1800, "good"],
      ["TTFB", 1801, "poor"],
    ]);
    // The page is the navigation's, query left out.
    expect(s.vitals[0]).toMatchObject({ url: "https://shop.example/", target: "img.hero" });
    expect(s.vitals[1]).toMatchObject({ interaction: "pointer", target: "button#buy" });
  });

  test("a form submission is a $form_submit event with only the form's names, and marks its keys", () => {
    const s = summarizeBatch([
      pageview(T0, "https://shop.example/cart"),
      click(T0 + 5),
      formSubmit(T0 + 10, {
        form: "Checkout",
        name: "Checkout",
        id: "checkout-form",
        action: "/api/orders?coupon=SECRET#x",
        submitter: "button.pay",
      }),
    ] as RrwebEvent[]);
    expect(s.formSubmitCount).toBe(1);
    expect(s.forms).toEqual(["checkout", "checkout-form", "/api/orders"]);
    const event = s.events.find((e) => e.name === "$form_submit")!;
    expect(event.props).toEqual({
      form: "Checkout",
      name: "Checkout",
      id: "checkout-form",
      action: "/api/orders",
      submitter: "button.pay",
      via: "submit",
    });
    // The submission answered the click: it is not dead.
    expect(s.signals.filter((x) => x.kind === "dead")).toEqual([]);
  });
});

describe("stored and searchable", () => {
  const poor = batch([
    meta(T0),
    fullSnapshot(T0 + 1),
    pageview(T0 + 2, "https://shop.example/"),
    vital(T0 + 100, "LCP", 4100, { target: "img.hero" }),
    vital(T0 + 101, "CLS", 0.3),
    vital(T0 + 102, "TTFB", 300),
    formSubmit(T0 + 200, { form: "checkout", action: "/pay" }),
  ]);
  const fast = batch([
    meta(T0),
    fullSnapshot(T0 + 1),
    pageview(T0 + 2, "https://shop.example/"),
    vital(T0 + 100, "LCP", 1200),
    vital(T0 + 101, "INP", 250),
  ]);
  const none = batch([meta(T0), fullSnapshot(T0 + 1), pageview(T0 + 2, "https://shop.example/")]);

  beforeAll(async () => {
    for (const b of [poor, fast, none]) await ingestBatch(key, b);
    // A second page load of the fast session, in a later batch: p75 over both loads.
    await ingestBatch(key, {
      ...fast,
      batchId: randomUUID(),
      seq: 1,
      events: [
        pageview(T0 + 5000, "https://shop.example/next"),
        vital(T0 + 5100, "LCP", 2000, { view: "1700000005000-2" }),
        vital(T0 + 5200, "LCP", 2600, { view: "1700000005000-3" }),
      ],
    });
  });

  test("the session keeps each page load's measurements and its p75 and worst", async () => {
    const fields = (await getSession(ws, fast.sessionId))!.fields;
    // LCP 1200, 2000, 2600: the nearest-rank p75 is 2600.
    expect(fields).toMatchObject({
      lcpMs: 2600,
      lcpMaxMs: 2600,
      inpMs: 250,
      lcpLoads: [1200, 2000, 2600],
    });
    expect(fields.poorVitals).toBe(false);
    const stored = await sessionVitals(ws, fast.sessionId);
    expect(stored.map((v) => [v.name, v.value])).toEqual([
      ["LCP", 1200],
      ["INP", 250],
      ["LCP", 2000],
      ["LCP", 2600],
    ]);
    const slow = (await getSession(ws, poor.sessionId))!.fields;
    expect(slow).toMatchObject({ lcpMs: 4100, cls: 0.3, clsMax: 0.3, ttfbMs: 300, poorVitals: true });
    expect(slow.formSubmitCount).toBe(1);
  });

  test("search keys find them; a session without vitals never matches a comparison", async () => {
    expect(await search("lcp:>2.5s")).toEqual(expect.arrayContaining([poor.sessionId, fast.sessionId]));
    expect(await search("lcp:>4s")).toEqual([poor.sessionId]);
    expect(await search("lcp:<2s")).toEqual([]);
    expect(await search("inp:>200ms")).toEqual([fast.sessionId]);
    expect(await search("cls:>0.1")).toEqual([poor.sessionId]);
    expect(await search("has:poor_vitals")).toEqual([poor.sessionId]);
    expect(await search("-has:poor_vitals lcp:>1s")).toEqual([fast.sessionId]);
    expect(await search("has:form_submit")).toEqual([poor.sessionId]);
    expect(await search("form:checkout")).toEqual([poor.sessionId]);
    expect(await search("form:/pay")).toEqual([poor.sessionId]);
    expect(await search("form:signup")).toEqual([]);
    expect((await search("-has:form_submit")).sort()).toEqual([fast.sessionId, none.sessionId].sort());
  });

  test("the submission is in the events store, for funnels", async () => {
    const [events] = await eventsFrom(ws, [{ name: "$form_submit" }], T0, T0 + 60_000);
    expect(events!.map((e) => [e.sessionId, e.props.form])).toEqual([[poor.sessionId, "checkout"]]);
  });
});

describe("bad input is refused whole with a clear error", () => {
  test("a vital out of range: 400 naming the event and the bound", async () => {
    const body = batch([meta(T0), vital(T0 + 1, "LCP", 700_000)]);
    const error = await refused(body, 400);
    expect(error.code).toBe("bad_request");
    expect(error.message).toContain("events.1.data.payload.value");
    expect(error.message).toContain("LCP must be at most 600,000 ms");
  });

  test("a negative CLS, an unknown metric, a non-number: 400", async () => {
    for (const bad of [
      vital(T0 + 1, "CLS", -0.1),
      vital(T0 + 1, "FID", 10),
      vital(T0 + 1, "LCP", "fast" as never),
    ])
      expect((await refused(batch([meta(T0), bad]), 400)).message).toMatch(
        /^Invalid batch: events\.1\.data\.payload/,
      );
  });

  test("an oversized form name or selector: 400", async () => {
    const long = "x".repeat(201);
    for (const bad of [
      { form: long },
      { form: "ok", submitter: long },
      { form: "" },
      { form: "ok", via: "beacon" },
    ]) {
      const error = await refused(batch([meta(T0), formSubmit(T0 + 1, bad)]), 400);
      expect(error.message).toContain("a form submission");
    }
  });

  test("more vitals than vitalsPerBatch, more forms than formsPerBatch: 413 naming the cap", async () => {
    const n = INGEST_LIMITS.vitalsPerBatch + 1;
    const many = batch([meta(T0), ...Array.from({ length: n }, (_, i) => vital(T0 + 1 + i, "CLS", 0.01))]);
    expect((await refused(many, 413)).message).toContain("(vitalsPerBatch)");
    const forms = Array.from({ length: INGEST_LIMITS.formsPerBatch + 1 }, (_, i) =>
      formSubmit(T0 + 1 + i, { form: `form-${i}` }),
    );
    expect((await refused(batch([meta(T0), ...forms]), 413)).message).toContain("(formsPerBatch)");
  });
});

describe("a session's form keys in the search index are capped", () => {
  test(`past ${FORMS_INDEXED_PER_SESSION} distinct keys, new forms are stored but not indexed`, async () => {
    const sessionId = randomUUID();
    // Each batch: "f-0" again (a key the session has is indexed whatever the count) and new forms
    // up to formsPerBatch, named in order, so f-0 … f-49 fit the index and the rest do not.
    const per = INGEST_LIMITS.formsPerBatch - 1;
    const rounds = Math.ceil(FORMS_INDEXED_PER_SESSION / per) + 1;
    for (let r = 0; r < rounds; r++) {
      const forms = Array.from({ length: per }, (_, i) =>
        formSubmit(T0 + r * 100 + i + 1, { form: `f-${1 + r * per + i}` }),
      );
      const again = formSubmit(T0 + r * 100, { form: "f-0" });
      const res = await send(batch([meta(T0 + r * 100), again, ...forms], { sessionId, seq: r }));
      expect(res.status, await res.text()).toBe(200);
    }
    const fields = (await getSession(ws, sessionId))!.fields;
    expect(Number(fields.formCount)).toBe(FORMS_INDEXED_PER_SESSION);
    expect(Number(fields.formSubmitCount)).toBe(rounds * (per + 1));
    expect(await listChunkKeys(ws, sessionId)).toHaveLength(rounds);
    const found = async (form: string) => (await search(`form:${form}`)).includes(sessionId);
    expect(await found("f-0")).toBe(true);
    expect(await found(`f-${FORMS_INDEXED_PER_SESSION - 1}`)).toBe(true);
    expect(await found(`f-${FORMS_INDEXED_PER_SESSION}`)).toBe(false);
    expect(await found(`f-${rounds * per}`)).toBe(false);
    expect(await search("has:form_submit")).toContain(sessionId);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { GET as configJson } from "@/app/array/[token]/config/route";
import { GET as configJs } from "@/app/array/[token]/config.js/route";
import { POST as capture, GET as captureGet } from "@/app/e/route";
import { POST as flags } from "@/app/flags/route";
import { POST as snapshots } from "@/app/s/route";
import { resolveAliases } from "@/lib/data/persons";
import { getSession, listChunkKeys, listSignals } from "@/lib/data/sessions";
import { click, fullSnapshot, meta, mutation, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";
import { base64Form, compressFullSnapshot, gzipJs, phEvent, snapshotEvent } from "./posthog-wire";

const LIMIT = 4 * 1024 * 1024;
let ws: string;
let token: string;

beforeAll(async () => {
  process.env.INGEST_MAX_BYTES = String(LIMIT);
  ({ ws, key: token } = await freshWorkspace("Dropin Co", "dropin@test.dev"));
});

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

function post(handler: (r: Request) => Promise<Response>, path: string, body: BodyInit) {
  return handler(
    new Request(`http://rewind.test${path}`, { method: "POST", body, headers: { "user-agent": UA } }),
  );
}

let n = 0;
const ids = () => ({ token, sessionId: `ph-session-${++n}`, distinctId: `0192-anon-${n}` });

describe("posthog-js capture", () => {
  test("snapshots (cv, gzip-js) and events of one session make one recording with its aggregates", async () => {
    const o = ids();
    const page = await post(
      capture,
      "/e/?compression=base64",
      base64Form([
        phEvent(o, "$pageview", T0 + 2, { $current_url: "https://shop.example/cart", title: "Cart" }),
      ]),
    );
    expect(page.status).toBe(200);
    const s = await post(
      snapshots,
      "/s/?compression=gzip-js&ver=1.449.2",
      gzipJs([
        snapshotEvent(o, T0 + 1, [meta(T0), compressFullSnapshot(fullSnapshot(T0 + 1))]),
        snapshotEvent(o, T0 + 700, [click(T0 + 500), mutation(T0 + 700)]),
      ]),
    );
    expect(s.status).toBe(200);
    expect(s.headers.get("access-control-allow-origin")).toBe("*");
    // posthog-js sends events and snapshots apart; signals that join them need the later one last.
    const e = await post(
      capture,
      "/e/",
      JSON.stringify([
        phEvent(o, "$exception", T0 + 600, {
          $exception_list: [{ type: "TypeError", value: "x is undefined", stacktrace: { frames: [] } }],
        }),
        phEvent(o, "checkout_started", T0 + 650, { step: 1 }),
      ]),
    );
    expect(e.status).toBe(200);
    const session = await getSession(ws, o.sessionId);
    expect(session!.fields).toMatchObject({
      distinctId: `anon-${o.distinctId}`,
      pageCount: 1,
      clickCount: 1,
      errorCount: 1,
      browser: "chrome",
      hasFullSnapshot: true,
    });
    expect(await listChunkKeys(ws, o.sessionId)).toHaveLength(3);
    // The click 100 ms before the exception is an error click, as with our own SDK.
    expect((await listSignals(ws, o.sessionId)).map((x) => x.kind)).toContain("errorclick");
  });

  test("a retried request is a duplicate: one chunk, counters unchanged", async () => {
    const o = ids();
    const body = JSON.stringify([snapshotEvent(o, T0, [meta(T0), fullSnapshot(T0), click(T0 + 10)])]);
    expect((await post(snapshots, "/s/", body)).status).toBe(200);
    expect((await post(snapshots, "/s/", body)).status).toBe(200);
    expect(await listChunkKeys(ws, o.sessionId)).toHaveLength(1);
    expect((await getSession(ws, o.sessionId))!.fields.clickCount).toBe(1);
  });

  test("$identify joins the anonymous visitor to the person", async () => {
    const o = ids();
    await post(snapshots, "/s/", JSON.stringify([snapshotEvent(o, T0, [meta(T0), fullSnapshot(T0)])]));
    const person = { ...o, distinctId: "bob@example.com", identified: true };
    const r = await post(
      capture,
      "/e/",
      JSON.stringify([
        phEvent(person, "$identify", T0 + 5, { $anon_distinct_id: o.distinctId, $set: { plan: "pro" } }),
      ]),
    );
    expect(r.status).toBe(200);
    const aliases = await resolveAliases(ws, [`anon-${o.distinctId}`]);
    expect(aliases.get(`anon-${o.distinctId}`)).toBe("bob@example.com");
  });

  test("bad keys and bodies get our ingest's 4xx, never a 5xx", async () => {
    const o = ids();
    const status = async (body: BodyInit, path = "/e/") => {
      const r = await post(capture, path, body);
      const json = (await r.json()) as { error?: { code: string; message: string } };
      if (r.status !== 200) expect(json.error?.message).toBeTruthy();
      return r.status;
    };
    expect(await status(JSON.stringify([phEvent({ ...o, token: "pk_unknown" }, "x", T0)]))).toBe(401);
    expect(await status(JSON.stringify([phEvent({ ...o, token: "" }, "x", T0)]))).toBe(401);
    expect(await status("")).toBe(400);
    expect(await status("{oops")).toBe(400);
    expect(await status(new Uint8Array([0x1f, 0x8b, 8, 0, 1]))).toBe(400);
    expect(
      await status(JSON.stringify([snapshotEvent(o, T0, [{ type: 99, timestamp: T0, data: {} }])])),
    ).toBe(400);
    expect(await status(JSON.stringify([snapshotEvent(o, 0, [{ type: 3, timestamp: 5, data: {} }])]))).toBe(
      400,
    );
    const big = "x".repeat(LIMIT + 1);
    expect(await status(big)).toBe(413);
    const manyProps = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, i]));
    expect(await status(JSON.stringify([phEvent(o, "too_many", T0, manyProps)]))).toBe(413);
    expect((await captureGet()).status).toBe(405);
  });
});

describe("bodies captured from the real posthog-js 1.449.2", () => {
  const fixture = JSON.parse(
    readFileSync(join(import.meta.dirname, "fixtures", "posthog-1.449.2.json"), "utf8"),
  ) as {
    s: unknown[];
    e: unknown[];
  };
  // The capture's token was another test workspace's; everything else is as posthog-js sent it.
  const retoken = (body: unknown) =>
    gzipJs(JSON.parse(JSON.stringify(body).replace(/pk_[A-Za-z0-9_-]{10,64}/g, token)));

  test("its $snapshot (cv full snapshot), $pageview, $exception and $identify make one recording", async () => {
    for (const body of fixture.e) expect((await post(capture, "/e/", retoken(body))).status).toBe(200);
    for (const body of fixture.s) expect((await post(snapshots, "/s/", retoken(body))).status).toBe(200);
    const sessionId = (fixture.s[0] as { properties: { $session_id: string } }).properties.$session_id;
    const session = await getSession(ws, sessionId);
    expect(session!.fields).toMatchObject({
      pageCount: 2,
      errorCount: 1,
      hasFullSnapshot: true,
      distinctId: "quokka@example.com",
    });
    // Sent again (posthog-js's retry), nothing changes.
    for (const body of fixture.e) expect((await post(capture, "/e/", retoken(body))).status).toBe(200);
    expect((await getSession(ws, sessionId))!.fields.pageCount).toBe(2);
  });
});

describe("remote config and flags", () => {
  const ctx = (t: string) => ({ params: Promise.resolve({ token: t }) });

  test("/array/<token>/config answers the workspace's recording config; an unknown token is 401", async () => {
    const r = await configJson(new Request("http://rewind.test/array/x/config"), ctx(token));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      sessionRecording: { endpoint: "/s/" },
      supportedCompression: ["gzip-js"],
    });
    expect((await configJson(new Request("http://rewind.test/"), ctx("pk_nope"))).status).toBe(401);
  });

  test("config.js is a script setting the global; flags are an empty document", async () => {
    const r = await configJs(new Request("http://rewind.test/"), ctx(token));
    expect(r.headers.get("content-type")).toContain("javascript");
    expect(await r.text()).toContain("_POSTHOG_REMOTE_CONFIG");
    expect((await configJs(new Request("http://rewind.test/"), ctx("pk_nope"))).status).toBe(401);
    expect(await (await flags()).json()).toMatchObject({ flags: {}, errorsWhileComputingFlags: false });
  });
});

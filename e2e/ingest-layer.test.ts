import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";
import { projectKeyOf, signUp } from "./helpers/http";

// `npm start` answers POST/OPTIONS /api/v1/ingest from node:http in front of Next
// (scripts/ingest-layer.mjs), running the route's own handlers. What a client sees must be what Next
// served: the wrapper's answers, next.config.ts's security headers, CORS; every other method to Next.

let app: RunningApp;
let key: string;
let slug: string;
let session: Awaited<ReturnType<typeof signUp>>["session"];

beforeAll(async () => {
  app = await startApp();
  const signed = await signUp(app.url, { email: "layer@ingest.test", workspaceName: "Layer" });
  session = signed.session;
  slug = signed.workspace.slug;
  key = await projectKeyOf(session, slug);
});
afterAll(async () => app?.stop({ removeData: true }));

const SECURITY = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
};
const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "retry-after" };

function expectHeaders(res: Response, expected: Record<string, string>) {
  for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), name).toBe(value);
}

const batch = (sessionId: string, batchId: string) => {
  const t = Date.now() - 10_000;
  return gzipSync(
    JSON.stringify({
      v: 1,
      sessionId,
      distinctId: "anon-layer",
      batchId,
      seq: 0,
      events: [
        { type: 4, timestamp: t, data: { href: "https://layer.test/", width: 800, height: 600 } },
        { type: 2, timestamp: t + 1, data: { node: {}, initialOffset: { top: 0, left: 0 } } },
      ],
    }),
  );
};

test("the preflight answers 204 with CORS and the configured security headers", async () => {
  const res = await fetch(`${app.url}/api/v1/ingest?k=${key}`, {
    method: "OPTIONS",
    headers: { origin: "https://layer.test", "access-control-request-method": "POST" },
  });
  expect(res.status).toBe(204);
  expectHeaders(res, { ...SECURITY, ...CORS, "access-control-allow-methods": "GET, POST, OPTIONS" });
});

test("a batch is stored once: 200, then 200 duplicate, and the recording is listed", async () => {
  const sessionId = randomUUID();
  const body = batch(sessionId, randomUUID());
  const first = await fetch(`${app.url}/api/v1/ingest?k=${key}`, { method: "POST", body });
  expect(first.status).toBe(200);
  expectHeaders(first, { ...SECURITY, ...CORS, "content-type": "application/json" });
  expect(await first.json()).toEqual({ ok: true });
  const again = await fetch(`${app.url}/api/v1/ingest?k=${key}`, { method: "POST", body });
  expect(await again.json()).toEqual({ ok: true, duplicate: true });
  const listed = (await (await session.fetch(`/api/v1/workspaces/${slug}/recordings?limit=50`)).json()) as {
    sessions: { id: string }[];
  };
  expect(listed.sessions.map((r) => r.id)).toContain(sessionId);
});

test("refusals keep the standard error shape and headers: unknown key 401, bad body 400, too large 413", async () => {
  const unknown = await fetch(`${app.url}/api/v1/ingest?k=pk_nobody`, { method: "POST", body: "{}" });
  expect(unknown.status).toBe(401);
  expectHeaders(unknown, { ...SECURITY, ...CORS });
  expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("unauthorized");

  const bad = await fetch(`${app.url}/api/v1/ingest?k=${key}`, { method: "POST", body: "not json" });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("bad_request");

  // Declared over the limit: refused before the body is read (the connection closes after it).
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${app.url}/api/v1/ingest?k=${key}`, {
      method: "POST",
      headers: { "content-length": String(200 * 1024 * 1024) },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.write(Buffer.alloc(64 * 1024));
  });
  expect(status).toBe(413);
  expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
});

test("other methods still go through Next: GET answers the route's 405", async () => {
  const res = await fetch(`${app.url}/api/v1/ingest?k=${key}`);
  expect(res.status).toBe(405);
  expectHeaders(res, { ...SECURITY, ...CORS });
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
});

test("a body the client abandons is logged as one calm line, and the server keeps serving", async () => {
  await new Promise<void>((resolve) => {
    const req = httpRequest(`${app.url}/api/v1/ingest?k=${key}`, {
      method: "POST",
      headers: { "content-length": "100000" },
    });
    req.on("error", () => resolve());
    req.write(Buffer.alloc(1000));
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 300);
  });
  const deadline = Date.now() + 10_000;
  while (!app.output().includes("the client went away") && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(app.output()).toContain("the client went away");
  expect(app.output()).not.toContain("unhandled error");
  expect(app.output()).not.toContain("ingest layer failed");
  expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
});

test("a client cannot pose as another address: the peer stamp is the socket's, not a header it sent", async () => {
  const sessionId = randomUUID();
  // 81.2.69.142 is in the United Kingdom: were the header believed, the visit would be placed there.
  const res = await fetch(`${app.url}/api/v1/ingest?k=${key}`, {
    method: "POST",
    headers: { "x-rewind-peer": "http 81.2.69.142" },
    body: batch(sessionId, randomUUID()),
  });
  expect(res.status).toBe(200);
  const listed = async (q: string) =>
    (
      (await (
        await session.fetch(`/api/v1/workspaces/${slug}/recordings?limit=50&q=${encodeURIComponent(q)}`)
      ).json()) as { sessions: { id: string }[] }
    ).sessions.map((r) => r.id);
  expect(await listed("")).toContain(sessionId);
  expect(await listed("country:GB")).not.toContain(sessionId);
});

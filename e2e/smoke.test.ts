import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => app?.stop({ removeData: true }));

test("health answers 200 after a real round trip to the embedded and local stores", async () => {
  const res = await fetch(`${app.url}/api/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, kv: "embedded", blob: "local", version: expect.any(String) });
});

test("the landing page says what Rewind is and links to sign up and log in", async () => {
  const res = await fetch(`${app.url}/`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain("Rewind");
  expect(html).toContain('href="/signup"');
  expect(html).toContain('href="/login"');
});

test("the server logs one start-up line naming the drivers and the data folder", () => {
  const line = app
    .output()
    .split("\n")
    .find((l) => l.startsWith("[rewind] storage:"));
  expect(line).toBe(
    `[rewind] storage: kv=embedded (${join(app.dataDir, "rewind.db")}) blob=local (${join(app.dataDir, "blobs")})`,
  );
});

test("a generated session secret is kept in the data folder and reused after a restart", async () => {
  const file = join(app.dataDir, ".nextauth-secret");
  const before = readFileSync(file, "utf8");
  expect(before.length).toBeGreaterThanOrEqual(32);
  await app.stop();
  app = await startApp({ dataDir: app.dataDir });
  expect(readFileSync(file, "utf8")).toBe(before);
}, 60_000); // a stop and a fresh app start, on a busy 2-core CI box

test("a store that cannot be reached makes health answer 503 naming it", async () => {
  const broken = await startApp({ env: { REDIS_URL: "redis://127.0.0.1:1" }, requireHealthy: false });
  try {
    const res = await fetch(`${broken.url}/api/health`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, kv: "redis", blob: "local", failing: ["kv"] });
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toContain("kv (redis)");
  } finally {
    await broken.stop({ removeData: true });
  }
}, 60_000); // an app start against an unreachable store, on a busy 2-core CI box

test("an invalid environment stops the server at start with every problem listed", async () => {
  const failed = await startApp({ env: { INGEST_MAX_BYTES: "lots", REDIS_CLUSTER: "1" } }).catch(
    (e: Error) => e,
  );
  expect(failed).toBeInstanceOf(Error);
  expect(String(failed)).toContain("Invalid environment:");
  expect(String(failed)).toContain("INGEST_MAX_BYTES");
  expect(String(failed)).toContain("REDIS_CLUSTER: needs REDIS_URL to be set");
});

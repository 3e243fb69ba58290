import { beforeAll, expect, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { checkRetentionPurge } from "./purge-check";

beforeAll(() => {
  useTempDataDir();
});

test("the purge leaves exactly the unexpired sessions, also after a crash (embedded + local blobs)", async () => {
  await checkRetentionPurge({ shared: false });
}, 120_000);

test("the cron route runs the purge only for CRON_SECRET", async () => {
  const { POST, GET } = await import("@/app/api/cron/retention/route");
  const { resetEnvCache } = await import("@/lib/env");
  const ask = (handler: typeof POST, auth?: string) =>
    handler(
      new Request("http://rewind.test/api/cron/retention", {
        method: "POST",
        headers: auth ? { authorization: auth } : {},
      }),
    );
  delete process.env.CRON_SECRET;
  resetEnvCache();
  expect((await ask(POST, "Bearer anything")).status).toBe(401);
  process.env.CRON_SECRET = "cron-secret-for-the-test-0123456789";
  resetEnvCache();
  expect((await ask(POST)).status).toBe(401);
  expect((await ask(POST, "Bearer cron-secret-for-the-test-012345678")).status).toBe(401);
  const ran = await ask(GET, "Bearer cron-secret-for-the-test-0123456789");
  expect(ran.status).toBe(200);
  expect(await ran.json()).toMatchObject({ ok: true, ran: true, complete: true });
});

test("the schedule: hourly in process, daily at 03:00 UTC on Vercel, none when off", async () => {
  const { nextPurgeAt } = await import("@/lib/retention/schedule");
  const at = Date.UTC(2026, 10, 23, 12, 34);
  expect(nextPurgeAt("in-process", at)).toBe(Date.UTC(2026, 10, 23, 13));
  expect(nextPurgeAt("cron", at)).toBe(Date.UTC(2026, 10, 24, 3));
  expect(nextPurgeAt("cron", Date.UTC(2026, 10, 23, 1))).toBe(Date.UTC(2026, 10, 23, 3));
  expect(nextPurgeAt("off", at)).toBeNull();
});

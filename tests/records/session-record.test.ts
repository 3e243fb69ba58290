import { beforeAll, expect, test, vi } from "vitest";
import { toErrorResponse } from "@/lib/api/errors";
import { sessionKeys } from "@/lib/data/session-keys";
import { getSession, getSessions } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { Corrupt } from "@/lib/errors/domain";
import { generateSessions, writeSession } from "@/lib/seed";
import { kv } from "@/lib/storage/kv";
import { useTempDataDir } from "../helpers/temp-data";

/** A session leaves lib/data as a typed record: numbers, flags and lists, never the hash's strings. */

let ws: string;
const [good, bad] = generateSessions(2, { seed: 7 });

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "records@data.test", name: "" });
  ws = (await createWorkspace(user.id, "Records")).id;
  for (const s of [good!, bad!]) await writeSession(ws, s);
});

test("counters are numbers, flags booleans, and ingest's carry is not part of the record", async () => {
  await (await kv()).hset(sessionKeys.session(ws, good!.id), {
    carry: '{"lastClick":null}',
    lcpLoads: "1200,2600",
    poorVitals: 1,
  });
  const s = (await getSession(ws, good!.id))!;
  expect(typeof s.fields.clickCount).toBe("number");
  expect(s.fields.pageCount).toBe(good!.pages.length);
  expect(s.fields.poorVitals).toBe(true);
  expect(s.fields.hasFullSnapshot).toBe(true);
  expect(s.fields.lcpLoads).toEqual([1200, 2600]);
  expect(s.fields.lcpMs).toBeUndefined();
  expect(s.fields).not.toHaveProperty("carry");
});

test("an unreadable hash is Corrupt on its own, and left out (logged) of a list", async () => {
  await (await kv()).hset(sessionKeys.session(ws, bad!.id), { clickCount: "many" });
  const read = getSession(ws, bad!.id);
  await expect(read).rejects.toBeInstanceOf(Corrupt);
  await expect(read).rejects.toThrow(/session .* is unreadable \(clickCount: /);

  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  const listed = await getSessions(ws, [bad!.id, good!.id]);
  expect(listed.map((s) => s.id)).toEqual([good!.id]);
  expect(String(log.mock.calls[0]?.[0])).toContain(bad!.id);
  log.mockRestore();
});

test("Corrupt leaves a route as a 500 naming the record", async () => {
  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  const res = toErrorResponse(new Corrupt("The stored session s1 is unreadable (clickCount: bad)."));
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({
    error: { code: "internal", message: "The stored session s1 is unreadable (clickCount: bad)." },
  });
  expect(log).toHaveBeenCalled();
  log.mockRestore();
});

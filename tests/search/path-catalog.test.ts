import { beforeAll, expect, test, vi } from "vitest";
import { eventKeys, eventsFrom, pageViewVolumes } from "@/lib/data/events";
import { sessionKeys } from "@/lib/data/session-keys";
import { deleteSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { purgeExpired } from "@/lib/retention/purge";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import { generateSessions, type SeededSession, writeSession } from "@/lib/seed";
import { kv } from "@/lib/storage/kv";
import { pathOf } from "@/lib/url-path";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * A path prefix (`page:/checkout`, a funnel step on `/checkout*`) is answered from the workspace's
 * path catalogs, never a key scan (which walks every key of a shared Redis).
 */

const NOW = Date.UTC(2026, 10, 20);
let ws: string;

function visit(id: number, pages: string[]): SeededSession {
  const [base] = generateSessions(1, { seed: id, now: NOW, spanDays: 1 });
  return { ...base!, pages };
}

async function ids(q: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await querySessions(ws, parseSearch(q), { sort: "recent", cursor, limit: 2 });
    found.push(...page.sessions.map((s) => s.id));
    cursor = page.nextCursor;
  } while (cursor);
  return found.sort();
}

const sessions = [
  visit(1, ["/", "/checkout"]),
  visit(2, ["/Checkout/Payment"]),
  visit(3, ["/checkouts", "/pricing"]),
  visit(4, ["/check"]),
  visit(5, ["/café/menu"]),
];

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "paths@search.test", name: "" });
  ws = (await createWorkspace(user.id, "Paths")).id;
  for (const s of sessions) await writeSession(ws, s);
});

test("a prefix finds every path under it, case folded, without scanning the store's keys", async () => {
  const store = await kv();
  const scan = vi.spyOn(store, "scan");
  expect(await ids("page:/checkout")).toEqual([sessions[0]!.id, sessions[1]!.id, sessions[2]!.id].sort());
  expect(await ids("page:/CHECKOUT/pay")).toEqual([sessions[1]!.id]);
  expect(await ids("page:/caf")).toEqual([sessions[4]!.id]);
  // Typed as read; URLs carry the path percent-encoded.
  expect(await ids("page:/café")).toEqual([sessions[4]!.id]);
  expect(await ids("page:=/café/menu")).toEqual([sessions[4]!.id]);
  expect(await ids("page:/checkout/payment/x")).toEqual([]);
  expect(scan).not.toHaveBeenCalled();
  scan.mockRestore();
});

test("funnel steps on a path prefix and page-view volumes read the page-view catalog, not a key scan", async () => {
  const store = await kv();
  const scan = vi.spyOn(store, "scan");
  const [under] = await eventsFrom(ws, [{ pathPrefix: "/checkout" }], 0, NOW + 86_400_000);
  expect(new Set(under!.map((e) => pathOf(e.url!)))).toEqual(new Set(["/checkout", "/checkouts"]));
  const volumes = await pageViewVolumes(ws, 0, NOW + 86_400_000, 10);
  expect(volumes.map((v) => v.path).sort()).toEqual(
    ["/", "/Checkout/Payment", "/caf%C3%A9/menu", "/check", "/checkout", "/checkouts", "/pricing"].sort(),
  );
  expect(scan).not.toHaveBeenCalled();
  // Written before the catalog: built once from a scan, by the first reader or the retention job.
  await store.del([eventKeys.paths(ws), eventKeys.pathsCatalogued(ws)]);
  expect((await pageViewVolumes(ws, 0, NOW + 86_400_000, 10)).length).toBe(7);
  const [check] = await eventsFrom(ws, [{ pathPrefix: "/check" }], 0, NOW + 86_400_000);
  expect(new Set(check!.map((e) => pathOf(e.url!)))).toEqual(new Set(["/check", "/checkout", "/checkouts"]));
  expect(scan).toHaveBeenCalledTimes(1);
  await store.del([eventKeys.paths(ws), eventKeys.pathsCatalogued(ws)]);
  await purgeExpired({ workspaceIds: [ws], now: NOW, log: () => {} });
  expect(await store.exists(eventKeys.pathsCatalogued(ws))).toBe(true);
  expect(await store.zcard(eventKeys.paths(ws))).toBe(7);
  scan.mockRestore();
});

test("a workspace stored before the catalog existed gets it built once, then never scans again", async () => {
  const store = await kv();
  await store.del([sessionKeys.paths(ws), sessionKeys.pathsCatalogued(ws)]);
  const scan = vi.spyOn(store, "scan");
  expect(await ids("page:/check")).toEqual(
    [sessions[0]!.id, sessions[1]!.id, sessions[2]!.id, sessions[3]!.id].sort(),
  );
  expect(scan).toHaveBeenCalledTimes(1);
  expect(await ids("page:/pricing")).toEqual([sessions[2]!.id]);
  expect(scan).toHaveBeenCalledTimes(1);
  scan.mockRestore();
});

test("the retention job builds a missing catalog in the background", async () => {
  const store = await kv();
  await store.del([sessionKeys.paths(ws), sessionKeys.pathsCatalogued(ws)]);
  await purgeExpired({ workspaceIds: [ws], now: NOW, log: () => {} });
  expect(await store.exists(sessionKeys.pathsCatalogued(ws))).toBe(true);
  expect(await store.zrange(sessionKeys.paths(ws), { by: "lex", min: "-", max: "+" })).toEqual([
    "/",
    "/caf%c3%a9/menu",
    "/check",
    "/checkout",
    "/checkout/payment",
    "/checkouts",
    "/pricing",
  ]);
});

test("a path whose sessions are deleted matches nothing, and matches again when visited anew", async () => {
  await deleteSession(ws, sessions[3]!.id);
  expect(await ids("page:/check")).toEqual([sessions[0]!.id, sessions[1]!.id, sessions[2]!.id].sort());
  const again = visit(6, ["/check"]);
  await writeSession(ws, again);
  expect(await ids("page:/check")).toContain(again.id);
});

import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { GET } from "@/app/api/v1/workspaces/[ws]/heatmaps/route";
import { heatKeys, packPending } from "@/lib/data/heatmaps";
import { createPersonalKey, getProjectKey } from "@/lib/data/keys";
import { deleteSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace, type Workspace } from "@/lib/data/workspaces";
import type { Heatmap } from "@/lib/heatmaps/query";
import { HEAT_GRID } from "@/lib/ingest/heat";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { kv } from "@/lib/storage/kv";
import { batch, mutation, pageview } from "../helpers/batches";
import { useTempDataDir } from "../helpers/temp-data";
import { clickOn, NODE, offsetOf, pageMeta, pageSnapshot, scrollTo } from "./page";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
const T = Date.now() - 10 * 60_000;
const today = new Date(T).toISOString().slice(0, 10);

let workspace: Workspace;
let projectKey: string;
let apiKey: string;

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "heat@test.dev", name: "" });
  workspace = await createWorkspace(user.id, "Heat Co");
  projectKey = (await getProjectKey(workspace.id)).current;
  apiKey = (await createPersonalKey(workspace.id, { userId: user.id, name: "heat", scopes: ["read"] })).key;
});

async function send(body: Record<string, unknown>, userAgent = CHROME): Promise<void> {
  const res = await ingest(
    new Request(`http://rewind.test/api/v1/ingest?k=${projectKey}`, {
      method: "POST",
      body: gzipSync(JSON.stringify(body)),
      headers: { "content-type": "text/plain", "user-agent": userAgent },
    }),
  );
  expect(res.status, await res.clone().text()).toBe(200);
}

async function query(params: Record<string, string>, auth: string = apiKey): Promise<Response> {
  const url = new URL(`http://rewind.test/api/v1/workspaces/${workspace.slug}/heatmaps`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return GET(new Request(url, { headers: { authorization: `Bearer ${auth}` } }), {
    params: Promise.resolve({ ws: workspace.slug }),
  });
}

async function heatmap(params: Record<string, string>): Promise<Heatmap> {
  const res = await query({ path: "/checkout", from: today, to: today, ...params });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { heatmap: Heatmap }).heatmap;
}

/** A visit to /checkout at this width: two clicks on #buy after scrolling, then (next batch) one on the link. */
async function visit(sessionId: string, width: number, userAgent = CHROME, t = T): Promise<void> {
  await send(
    batch(
      [
        pageMeta(t, width, 800),
        pageSnapshot(t + 1),
        pageview(t + 2, "https://shop.example/checkout"),
        scrollTo(t + 10, 480),
        clickOn(t + 100, NODE.buyLabel, width / 2, 20),
        mutation(t + 200),
        clickOn(t + 3000, NODE.buy, width / 2, 20),
        mutation(t + 3100),
      ],
      { sessionId, batchId: `${sessionId}-0`, seq: 0 },
    ),
    userAgent,
  );
  await send(
    batch([clickOn(t + 9000, NODE.link, 10, 10), mutation(t + 9050), scrollTo(t + 9100, 0)], {
      sessionId,
      batchId: `${sessionId}-1`,
      seq: 1,
    }),
    userAgent,
  );
}

describe("aggregated at ingest", () => {
  beforeAll(async () => {
    await visit("desk-1", 1280);
    await visit("desk-2", 1440, FIREFOX);
    await visit("phone-1", 390);
  });

  test("clicks count per grid cell in page coordinates, per width bucket", async () => {
    const h = await heatmap({ width: "desktop" });
    expect(h.sessions).toBe(2);
    const row = Math.floor(500 / HEAT_GRID.rowPx);
    const buy = h.cells.find(([col, r]) => col === HEAT_GRID.cols / 2 && r === row);
    expect(buy?.[2]).toBe(4);
    expect(h.cells.reduce((n, c) => n + c[2], 0)).toBe(6);
    const phone = await heatmap({ width: "mobile" });
    expect(phone.sessions).toBe(1);
    expect(phone.cells.reduce((n, c) => n + c[2], 0)).toBe(3);
  });

  test("the element list names targets by selector, across batches, with the share of sessions", async () => {
    const h = await heatmap({ width: "desktop" });
    // Each element's moment is the newest click of a batch on it: one per time slot of a day, so
    // the later visit's clicks (same day, same slot) are the ones kept.
    expect(h.elements).toEqual([
      {
        selector: "#buy",
        clicks: 4,
        sessions: 2,
        share: 1,
        rage: 0,
        dead: 0,
        moments: [{ sessionId: "desk-2", at: T + 3000 }],
      },
      {
        selector: "body > main.page > a.nav-link",
        clicks: 2,
        sessions: 2,
        share: 1,
        rage: 0,
        dead: 0,
        moments: [{ sessionId: "desk-2", at: T + 9000 }],
      },
    ]);
  });

  test("scroll depth is the share of sessions that reached each band", async () => {
    const h = await heatmap({ width: "desktop", layer: "scroll" });
    expect(h.cells).toEqual([]);
    const deepest = Math.floor((480 + 800) / HEAT_GRID.bandPx);
    expect(h.depth.at(-1)).toEqual({ band: deepest, sessions: 2, share: 1 });
    expect(h.depth).toHaveLength(deepest + 1);
  });

  test("the page's full snapshots are offered as backdrops, newest first", async () => {
    const h = await heatmap({ width: "desktop" });
    expect(h.snapshots.map((s) => s.width).sort()).toEqual([1280, 1440]);
    expect(h.snapshots[0]).toMatchObject({ at: T + 1, height: 800 });
    expect(h.snapshots[0]!.chunkId).toMatch(/^\d+-/);
  });

  test("a filter aggregates only the matching sessions' own heat", async () => {
    const h = await heatmap({ width: "desktop", q: "browser:firefox" });
    expect(h.sessions).toBe(1);
    expect(h.cells.reduce((n, c) => n + c[2], 0)).toBe(3);
    expect(h.elements[0]).toEqual({
      selector: "#buy",
      clicks: 2,
      sessions: 1,
      share: 1,
      rage: 0,
      dead: 0,
      moments: [{ sessionId: "desk-2", at: T + 3000 }],
    });
    const chrome = await heatmap({ width: "desktop", q: "browser:chrome" });
    // A filtered heatmap reads each session's own moments: the Chrome visit's, which the daily slot lost.
    expect(chrome.elements.find((e) => e.selector === "#buy")?.moments).toEqual([
      { sessionId: "desk-1", at: T + 3000 },
    ]);
    expect(h.truncated).toBe(false);
    const none = await heatmap({ width: "desktop", q: "browser:safari" });
    expect(none).toMatchObject({ sessions: 0, cells: [], elements: [] });
  });

  test("a batch sent twice is counted once", async () => {
    const body = batch([pageMeta(T, 1280, 800), pageSnapshot(T + 1), clickOn(T + 5, NODE.para, 0, 0)], {
      sessionId: "retry-1",
      batchId: "retry-1-0",
    });
    const before = await heatmap({ width: "desktop" });
    await send(body);
    await send(body);
    const after = await heatmap({ width: "desktop" });
    expect(after.sessions).toBe(before.sessions + 1);
    expect(after.cells.reduce((n, c) => n + c[2], 0)).toBe(before.cells.reduce((n, c) => n + c[2], 0) + 1);
  });

  test("deleting a session deletes its own heat and the backdrops naming it; the daily counts keep it", async () => {
    // A width no other visit has: its backdrop slot is its own.
    await visit("gone-1", 1300, CHROME);
    const before = await heatmap({ width: "desktop" });
    expect(before.snapshots.some((s) => s.sessionId === "gone-1")).toBe(true);
    expect(before.elements.find((e) => e.selector === "#buy")?.moments).toEqual([
      { sessionId: "gone-1", at: T + 3000 },
    ]);
    const key = heatKeys.session(workspace.id, "gone-1", "desktop", "/checkout");
    expect(await (await kv()).exists(key)).toBe(true);
    await deleteSession(workspace.id, "gone-1");
    expect(await (await kv()).exists(key)).toBe(false);
    expect(await (await kv()).exists(heatKeys.nodes(workspace.id, "gone-1"))).toBe(false);
    const h = await heatmap({ width: "desktop" });
    expect(h.snapshots.some((s) => s.sessionId === "gone-1")).toBe(false);
    // Its click moments go with it: no link into a recording that is gone.
    expect(h.elements.flatMap((e) => e.moments).some((m) => m.sessionId === "gone-1")).toBe(false);
  });
});

describe("rage and dead layers", () => {
  test("a rage burst and a dead click judged a batch later land on their layers and elements", async () => {
    const t = T + 60_000;
    await send(
      batch(
        [
          pageMeta(t, 800, 600, "https://shop.example/rage"),
          pageSnapshot(t + 1),
          pageview(t + 2, "https://shop.example/rage"),
          ...[0, 1, 2, 3].map((i) => clickOn(t + 100 + i * 80, NODE.buy, 400, 20)),
          clickOn(t + 4000, NODE.link, 10, 10),
        ],
        { sessionId: "rage-1", batchId: "rage-1-0", seq: 0 },
      ),
    );
    // Nothing reacts to the link click: summarize judges it dead once its wait has passed.
    await send(batch([scrollTo(t + 9000, 0, 999)], { sessionId: "rage-1", batchId: "rage-1-1", seq: 1 }));
    const rage = await heatmap({ path: "/rage", width: "tablet", layer: "rage" });
    expect(rage.cells).toEqual([[24, 0, 1]]);
    const dead = await heatmap({ path: "/rage", width: "tablet", layer: "dead" });
    expect(dead.cells).toEqual([[0, 0, 1]]);
    expect(rage.elements).toEqual([
      {
        selector: "#buy",
        clicks: 4,
        sessions: 1,
        share: 1,
        rage: 1,
        dead: 0,
        moments: [{ sessionId: "rage-1", at: t + 340 }],
      },
      {
        selector: "body > main.page > a.nav-link",
        clicks: 1,
        sessions: 1,
        share: 1,
        rage: 0,
        dead: 1,
        moments: [{ sessionId: "rage-1", at: t + 4000 }],
      },
    ]);
  });
});

describe("click offsets inside the target element", () => {
  const PATH = "/offsets";
  const meta = (t: number, width: number) => pageMeta(t, width, 800, `https://shop.example${PATH}`);
  const offsetsOf = (h: Heatmap, selector: string) => h.elements.find((e) => e.selector === selector);

  beforeAll(async () => {
    // Desktop: a click on the label inside #buy (box one level up) at (0.1, 0.9), one on #buy itself
    // at (0.6, 0.3); a later batch clicks the link (a node of the earlier batch's DOM) at (0.99, 0).
    await send(
      batch(
        [
          meta(T, 1280),
          pageSnapshot(T + 1),
          pageview(T + 2, `https://shop.example${PATH}`),
          clickOn(T + 100, NODE.buyLabel, 600, 20),
          offsetOf(T + 101, NODE.buyLabel, 0.1, 0.9, 1),
          clickOn(T + 3000, NODE.buy, 640, 20),
          offsetOf(T + 3000, NODE.buy, 0.6, 0.3, 0),
          // An offset measured in another box than the one the recorded DOM names: not counted.
          clickOn(T + 5000, NODE.buyLabel, 610, 20),
          offsetOf(T + 5001, NODE.buyLabel, 0.5, 0.5, 0),
        ],
        { sessionId: "off-1", batchId: "off-1-0", seq: 0 },
      ),
    );
    await send(
      batch([clickOn(T + 9000, NODE.link, 10, 10), offsetOf(T + 9002, NODE.link, 0.99, 0, 0)], {
        sessionId: "off-1",
        batchId: "off-1-1",
        seq: 1,
      }),
    );
    // An older recording (no offsets): its clicks count on the page grid only.
    await send(
      batch(
        [
          meta(T, 1280),
          pageSnapshot(T + 1),
          pageview(T + 2, `https://shop.example${PATH}`),
          clickOn(T + 100, NODE.buy, 640, 20),
        ],
        {
          sessionId: "off-old",
          batchId: "off-old-0",
          seq: 0,
        },
      ),
    );
  });

  test("the elements layer places each click on the grid over its element's box", async () => {
    const h = await heatmap({ path: PATH, width: "desktop", layer: "elements" });
    expect(h.grid.offsets).toBe(8);
    const buy = offsetsOf(h, "#buy")!;
    expect(buy.clicks).toBe(4);
    expect(buy.placed).toBe(2);
    expect(buy.offsets).toEqual(
      expect.arrayContaining([
        [0, 7, 1],
        [4, 2, 1],
      ]),
    );
    expect(buy.offsets).toHaveLength(2);
    // Resolved through the stored node map, like the click's target.
    expect(offsetsOf(h, "body > main.page > a.nav-link")).toMatchObject({ placed: 1, offsets: [[7, 0, 1]] });
    // The page-coordinate clicks come along for the clicks without an offset.
    expect(h.cells.reduce((n, c) => n + c[2], 0)).toBe(5);
  });

  test("the elements layer offers backdrops of other widths after the width's own", async () => {
    await send(
      batch([pageMeta(T + 20_000, 390, 844, `https://shop.example${PATH}`), pageSnapshot(T + 20_001)], {
        sessionId: "off-phone",
        batchId: "off-phone-0",
        seq: 0,
      }),
    );
    const h = await heatmap({ path: PATH, width: "desktop", layer: "elements" });
    // One backdrop per hour and width (the two desktop visits share a slot).
    expect(h.snapshots.map((s) => s.width)).toEqual([1280, 390]);
    const clicks = await heatmap({ path: PATH, width: "desktop" });
    expect(clicks.snapshots.map((s) => s.width)).toEqual([1280]);
  });

  test("other layers leave the offsets out; a filtered heatmap sums the sessions' own", async () => {
    const clicks = await heatmap({ path: PATH, width: "desktop" });
    expect(offsetsOf(clicks, "#buy")).not.toHaveProperty("offsets");
    const firefoxOnly = await heatmap({
      path: PATH,
      width: "desktop",
      layer: "elements",
      q: "browser:chrome",
    });
    expect(offsetsOf(firefoxOnly, "#buy")).toMatchObject({ placed: 2 });
  });

  test.each([
    [{ id: NODE.buy, up: 0, x: 1.5, y: 0, w: 10, h: 10 }, "payload.x: a click offset: must be from 0 to 1"],
    [{ id: NODE.buy, up: 9, x: 0, y: 0, w: 10, h: 10 }, "payload.up: a click offset: must be below 6"],
    [{ id: NODE.buy, up: 0, x: 0, y: 0, w: 0, h: 10 }, "payload.w: a click offset: must be at least 1"],
    [{ id: "5", up: 0, x: 0, y: 0, w: 10, h: 10 }, "id"],
  ])("a bad click offset %j is refused with a 400 naming the event", async (payload, message) => {
    const n = JSON.stringify(payload).length;
    const res = await ingest(
      new Request(`http://rewind.test/api/v1/ingest?k=${projectKey}`, {
        method: "POST",
        body: gzipSync(
          JSON.stringify(
            batch([meta(T, 1280), pageSnapshot(T + 1), at6(T + 5, payload)], {
              sessionId: "off-bad",
              batchId: `off-bad-${n}-${payload.up}-${payload.x}`.replace(".", "_"),
              seq: 0,
            }),
          ),
        ),
        headers: { "content-type": "text/plain", "user-agent": CHROME },
      }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain("a click offset");
    expect(body.error.message).toContain(message);
  });

  test("more click offsets than the cap refuse the batch (413 naming the cap)", async () => {
    const events = [meta(T, 1280), pageSnapshot(T + 1)];
    for (let i = 0; i <= INGEST_LIMITS.clickOffsetsPerBatch; i++)
      events.push(offsetOf(T + 10 + i, NODE.buy, 0.5, 0.5));
    const res = await ingest(
      new Request(`http://rewind.test/api/v1/ingest?k=${projectKey}`, {
        method: "POST",
        body: gzipSync(
          JSON.stringify(batch(events, { sessionId: "off-many", batchId: "off-many-0", seq: 0 })),
        ),
        headers: { "content-type": "text/plain", "user-agent": CHROME },
      }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      "clickOffsetsPerBatch",
    );
  });
});

const at6 = (t: number, payload: unknown) => ({
  type: 6,
  timestamp: t,
  data: { plugin: "rewind/click@1", payload },
});

describe("background packing", () => {
  test("ingest queues the days it wrote; packing them leaves one string per layer that the read uses", async () => {
    await packPending();
    const t = T + 120_000;
    const href = "https://shop.example/packed";
    await send(
      batch(
        [
          pageMeta(t, 1280, 800, href),
          pageSnapshot(t + 1),
          pageview(t + 2, href),
          clickOn(t + 100, NODE.buy, 640, 20),
        ],
        { sessionId: "pack-1", batchId: "pack-1-0" },
      ),
    );
    const store = await kv();
    const packed = heatKeys.packed(workspace.id, "desktop", Math.floor(t / 86_400_000), "/packed", "c");
    expect(await store.get(packed)).toBeNull();
    expect(await packPending()).toBe(1);
    // Column 24 of row 0: index 24 of the grid, one click, reflecting the day's one write.
    expect(JSON.parse((await store.get(packed))!)).toEqual({ w: 1, cells: [24, 1] });
    // A cell hash changed behind the pack's back shows the read trusts the pack while its w holds.
    await store.hincrby(
      heatKeys.day(workspace.id, "desktop", Math.floor(t / 86_400_000), "/packed", "c"),
      "0:0",
      5,
    );
    expect((await heatmap({ path: "/packed", width: "desktop" })).cells).toEqual([[24, 0, 1]]);
  });
});

describe("the route", () => {
  test("an unknown API key answers 401", async () => {
    const res = await query({ path: "/checkout" }, "rk_not-a-key-of-this-server");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  test.each([
    [{}, "path"],
    [{ path: "checkout" }, "path must start with /"],
    [{ path: "/a", width: "watch" }, "width must be mobile, tablet or desktop"],
    [{ path: "/a", layer: "heat" }, "layer must be one of"],
    [{ path: "/a", from: "2026-13-45" }, "from"],
    [{ path: "/a", from: "2026-12-02", to: "2026-12-01" }, "from must not be after to"],
    [{ path: "/a", from: "2025-01-01", to: "2026-01-01" }, "at most 92 days"],
    [{ path: "/a", q: "browser:(" }, ""],
  ])("a bad query %j answers 400 naming the problem", async (params, message) => {
    const res = await query(params as Record<string, string>);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(message);
  });

  test("a page nobody visited is an empty heatmap", async () => {
    expect(await heatmap({ path: "/nowhere" })).toMatchObject({
      sessions: 0,
      cells: [],
      depth: [],
      elements: [],
      snapshots: [],
    });
  });
});

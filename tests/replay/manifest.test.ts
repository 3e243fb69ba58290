import { beforeAll, describe, expect, test } from "vitest";
import { GET as sharedManifestRoute } from "@/app/api/share/[token]/recordings/[sessionId]/manifest/route";
import { GET as manifestRoute } from "@/app/api/v1/workspaces/[ws]/recordings/[sessionId]/manifest/route";
import { createPersonalKey } from "@/lib/data/keys";
import { chunkManifest } from "@/lib/data/sessions";
import { saveSharingPolicy } from "@/lib/data/settings";
import { createShare } from "@/lib/data/shares";
import {
  decodeManifest,
  encodeManifest,
  MAX_OPENING_CHUNKS,
  type ManifestChunk,
  openingOf,
} from "@/lib/replay/manifest";
import { batch, fullSnapshot, meta, mutation, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

/**
 * The recording page carries only the first frame's chunks (the opening); the whole chunk list
 * comes packed from the manifest route. Both are planned from the same manifest.
 */

const MIN = 60_000;

/** A recording as ingest notes it: a chunk every 10 s, a checkpoint every `every` chunks (0: only the first). */
function recording(count: number, every: number): ManifestChunk[] {
  return Array.from({ length: count }, (_, i) => {
    const firstTs = T0 + i * 10_000;
    const checkpoint = i === 0 || (every > 0 && i % every === 0);
    return {
      id: `${firstTs}-b${i.toString(36).padStart(8, "0")}xYz_-`,
      firstTs,
      lastTs: firstTs + 9_500,
      full: checkpoint,
      checkpointAt: checkpoint ? firstTs + 3 : null,
      bytes: 1_000 + i,
    };
  });
}

describe("the packed manifest", () => {
  test("gives back every field the player plans from, unknown ones as unknown", () => {
    const chunks: ManifestChunk[] = [
      ...recording(40, 30),
      // Stored before ingest noted snapshots and sizes; and an id whose time part is not its firstTs.
      {
        id: `${T0 + 400_000}-old`,
        firstTs: T0 + 400_000,
        lastTs: T0 + 401_000,
        full: null,
        checkpointAt: null,
        bytes: null,
      },
      {
        id: `${T0 + 402_000}-late`,
        firstTs: T0 + 401_500,
        lastTs: T0 + 401_400,
        full: true,
        checkpointAt: null,
        bytes: 7,
      },
    ];
    const back = decodeManifest(encodeManifest(chunks));
    expect(back).toEqual(chunks);
    expect(decodeManifest(encodeManifest([]))).toEqual([]);
  });

  test("is a few dozen bytes a chunk, under a third of the same chunks as JSON", () => {
    const packed = encodeManifest(recording(2160, 30));
    const json = JSON.stringify(recording(2160, 30));
    expect(packed.length / 2160).toBeLessThan(45);
    expect(packed.length * 3).toBeLessThan(json.length);
  });

  test("refuses anything that is not a chunk line", () => {
    const good = encodeManifest(recording(3, 0));
    for (const bad of [
      `${good}\nnot a chunk`,
      good.replace(",1,", ",2,"),
      good.replace(/^b/, "b/"),
      `${good}\nx,1,2,1,,3,9`,
      `${good}\nx,1e9,2,1,,3`,
      `${good}\n=,1,2,1,,3`,
    ])
      expect(() => decodeManifest(bad)).toThrow(/chunk manifest/);
  });
});

describe("the opening", () => {
  const chunks = recording(2160, 30);

  test("at the start: the first chunk holding a full snapshot, and the count and origin", () => {
    const opening = openingOf(chunks, 0);
    expect(opening.count).toBe(2160);
    expect(opening.origin).toBe(T0);
    expect(opening.window?.from).toBe(0);
    expect(opening.window?.chunks.map((c) => c.id)).toEqual([chunks[0]!.id]);
  });

  test("a deep link: from the checkpoint before its moment to the chunk covering it, whatever the length", () => {
    // 5 h 07 min 30 s: the checkpoint at 5 h 05 min is chunk 1830; the moment is in chunk 1845.
    const at = 5 * 60 * MIN + 7 * MIN + 30_000;
    const opening = openingOf(chunks, at);
    expect(opening.window?.from).toBe(1830);
    expect(opening.window?.chunks).toHaveLength(16);
    expect(opening.window?.chunks.at(-1)?.id).toBe(chunks[1845]!.id);
    expect(openingOf(chunks.slice(0, 1900), at).window?.chunks).toHaveLength(16);
  });

  test("a chunk flagged full that comes later: the opening reaches it", () => {
    const late = recording(10, 0).map((c, i) => ({ ...c, full: i === 3, checkpointAt: null }));
    expect(openingOf(late, 0).window?.chunks).toHaveLength(4);
  });

  test("none when a recording without checkpoints would need more than the limit, or nothing is known to hold a snapshot", () => {
    const old = recording(200, 0);
    expect(openingOf(old, (MAX_OPENING_CHUNKS - 2) * 10_000).window?.chunks).toHaveLength(
      MAX_OPENING_CHUNKS - 1,
    );
    expect(openingOf(old, 150 * 10_000).window).toBeNull();
    expect(
      openingOf(
        old.map((c) => ({ ...c, full: false, checkpointAt: null })),
        0,
      ).window,
    ).toBeNull();
    expect(openingOf([], 0)).toEqual({ count: 0, origin: 0, window: null });
  });
});

describe("GET …/recordings/<sid>/manifest", () => {
  let ws: string;
  let readKey: string;
  let token: string;
  const SID = "s-manifest-route";
  const OTHER = "s-manifest-other";

  beforeAll(async () => {
    const fresh = await freshWorkspace("Manifest Co", `manifest-${Date.now()}@test.dev`);
    ws = fresh.ws;
    readKey = (await createPersonalKey(ws, { userId: fresh.user.id, name: "r", scopes: ["read"] })).key;
    const send = (events: unknown[], seq: number) =>
      ingestBatch(fresh.key, batch(events, { sessionId: SID, seq }));
    await send([meta(T0), fullSnapshot(T0 + 1), mutation(T0 + 1000)], 0);
    await send([mutation(T0 + 2 * MIN)], 1);
    await send([meta(T0 + 5 * MIN), fullSnapshot(T0 + 5 * MIN + 1)], 2);
    await ingestBatch(fresh.key, batch([meta(T0), fullSnapshot(T0 + 1)], { sessionId: OTHER }));
    await saveSharingPolicy(ws, { enabled: true, allowNever: false });
    ({ token } = await createShare(
      ws,
      { kind: "recording", targetId: SID, atMs: null, expiry: "1d", showPerson: false },
      fresh.user.id,
    ));
  });

  const get = (sessionId: string, key = readKey) =>
    manifestRoute(
      new Request(`http://rewind.test/api/v1/workspaces/${ws}/recordings/${sessionId}/manifest`, {
        headers: { authorization: `Bearer ${key}` },
      }),
      { params: Promise.resolve({ ws, sessionId }) },
    );

  test("answers the stored manifest packed: what the player plans from, chunk for chunk", async () => {
    const res = await get(SID);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number; chunks: string };
    const stored = await chunkManifest(ws, SID);
    expect(body.count).toBe(3);
    expect(decodeManifest(body.chunks)).toEqual(
      stored.map((c) => ({
        id: c.id,
        firstTs: c.firstTs,
        lastTs: c.lastTs,
        full: c.full,
        checkpointAt: c.checkpointAt,
        bytes: c.bytes,
      })),
    );
    expect(stored.map((c) => c.checkpointAt)).toEqual([T0 + 1, null, T0 + 5 * MIN + 1]);
  });

  test("an unknown recording is a 404 with the error shape; no key is a 401", async () => {
    const res = await get("s-nobody");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await get(SID, "")).status).toBe(401);
  });

  test("a share link reads the same manifest for its recording, and nothing for another or a wrong token", async () => {
    const shared = (t: string, sessionId: string) =>
      sharedManifestRoute(new Request(`http://rewind.test/api/share/${t}/recordings/${sessionId}/manifest`), {
        params: Promise.resolve({ token: t, sessionId }),
      });
    const res = await shared(token, SID);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(await (await get(SID)).json());
    expect((await shared(token, OTHER)).status).toBe(404);
    expect((await shared(`${token.slice(0, -1)}x`, SID)).status).toBe(404);
  });
});

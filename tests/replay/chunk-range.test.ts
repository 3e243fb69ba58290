import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import { GET as rangeRoute } from "@/app/api/v1/workspaces/[ws]/recordings/[sessionId]/chunks/route";
import { chunkKey, putChunk } from "@/lib/data/chunks";
import { createPersonalKey } from "@/lib/data/keys";
import { sessionKeys } from "@/lib/data/session-keys";
import { chunkManifest } from "@/lib/data/sessions";
import {
  decodeRange,
  encodeRange,
  MAX_RANGE_BYTES,
  MAX_RANGE_CHUNKS,
  rangeGroups,
} from "@/lib/replay/chunk-range";
import { kv } from "@/lib/storage/kv";
import { batch, fullSnapshot, meta, mutation, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshWorkspace } from "../helpers/workspace";

/** The range route: a window's chunks in one answer, each as stored, bounded in count and bytes. */

let ws: string;
let readKey: string;
const SID = "s-range";
const CHUNKS = MAX_RANGE_CHUNKS + 8;

beforeAll(async () => {
  const fresh = await freshWorkspace("Range Co", "range@test.dev");
  ws = fresh.ws;
  const user = fresh.user;
  const key = fresh.key;
  readKey = (await createPersonalKey(ws, { userId: user.id, name: "r", scopes: ["read"] })).key;
  for (let i = 0; i < CHUNKS; i++) {
    const at = T0 + i * 1000;
    await ingestBatch(
      key,
      batch(
        i === 0 ? [meta(at), fullSnapshot(at + 1), mutation(at + 2)] : [mutation(at), mutation(at + 10)],
        {
          sessionId: SID,
          seq: i,
        },
      ),
    );
  }
});

const range = (sessionId: string, query: string, key = readKey) =>
  rangeRoute(
    new Request(`http://rewind.test/api/v1/workspaces/${ws}/recordings/${sessionId}/chunks?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve({ ws, sessionId }) },
  );

describe("GET …/recordings/<sid>/chunks?from=&to=", () => {
  test("answers the chunks starting in the range, in time order, each the stored gzip of its batch", async () => {
    const manifest = await chunkManifest(ws, SID);
    expect(manifest).toHaveLength(CHUNKS);
    const res = await range(SID, `from=${manifest[2]!.firstTs}&to=${manifest[6]!.firstTs}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    const frames = decodeRange(new Uint8Array(await res.arrayBuffer()));
    expect(frames.map((f) => f.id)).toEqual(manifest.slice(2, 7).map((c) => c.id));
    for (const [i, f] of frames.entries()) {
      const stored = JSON.parse(gunzipSync(f.body!).toString("utf8")) as { seq: number; events: unknown[] };
      expect(stored.seq).toBe(i + 2);
      expect(stored.events).toHaveLength(2);
    }
  });

  test("refuses more than the chunk limit with 413 and the error shape", async () => {
    const manifest = await chunkManifest(ws, SID);
    const res = await range(SID, `from=${manifest[0]!.firstTs}&to=${manifest.at(-1)!.firstTs}`);
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toContain(`at most ${MAX_RANGE_CHUNKS}`);
    // Exactly the limit is fine.
    const ok = await range(SID, `from=${manifest[0]!.firstTs}&to=${manifest[MAX_RANGE_CHUNKS - 1]!.firstTs}`);
    expect(ok.status).toBe(200);
    expect(decodeRange(new Uint8Array(await ok.arrayBuffer()))).toHaveLength(MAX_RANGE_CHUNKS);
  });

  test("refuses more than the byte limit with 413 before reading further", async () => {
    const sid = "s-range-big";
    const third = Math.ceil(MAX_RANGE_BYTES / 3) + 1024;
    const store = await kv();
    for (let i = 0; i < 3; i++) {
      const key = chunkKey({
        retentionDays: 30,
        workspaceId: ws,
        sessionId: sid,
        firstTs: T0 + i,
        batchId: `b${i}`,
      });
      await putChunk(key, randomBytes(third));
      await store.zadd(sessionKeys.chunks(ws, sid), { score: T0 + i, member: key });
    }
    const two = await range(sid, `from=${T0}&to=${T0 + 1}`);
    expect(two.status).toBe(200);
    expect(decodeRange(new Uint8Array(await two.arrayBuffer())).map((f) => f.body?.length)).toEqual([
      third,
      third,
    ]);
    const res = await range(sid, `from=${T0}&to=${T0 + 2}`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/8 MB/);
  });

  test("a bad or missing range is a 400; a recording without chunks there a 404", async () => {
    for (const q of ["", "from=5", "from=x&to=9", "from=10&to=9", "from=-1&to=3"]) {
      const res = await range(SID, q);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    expect((await range("s-none", "from=0&to=99999999999999")).status).toBe(404);
    expect((await range(SID, "from=0&to=5")).status).toBe(404);
  });

  test("a caller without access to the workspace gets nothing", async () => {
    expect((await range(SID, `from=0&to=${T0 * 2}`, "rk_nope")).status).toBe(401);
  });
});

describe("range frames and groups", () => {
  test("frames round-trip, a missing blob as an empty body", () => {
    const frames = [
      { id: "1-a", body: new Uint8Array([1, 2, 3]) },
      { id: "2-b", body: null },
      { id: "3-c", body: new Uint8Array(70_000).fill(7) },
    ];
    const decoded = decodeRange(encodeRange(frames));
    expect(decoded.map((f) => [f.id, f.body?.length ?? null])).toEqual([
      ["1-a", 3],
      ["2-b", null],
      ["3-c", 70_000],
    ]);
    expect(() => decodeRange(encodeRange(frames).subarray(0, 10))).toThrow(/truncated/);
  });

  test("groups split at the chunk and byte limits; an oversized chunk goes alone", () => {
    const chunks = Array.from({ length: 70 }, (_, i) => ({ firstTs: i, bytes: i === 40 ? 9e6 : 1000 }));
    const groups = rangeGroups(chunks, { chunks: 32, bytes: 8e6 });
    expect(groups.map((g) => g.length)).toEqual([32, 8, 1, 29]);
    expect(groups[2]![0]!.firstTs).toBe(40);
    expect(rangeGroups([])).toEqual([]);
  });
});

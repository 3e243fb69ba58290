import { existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { beforeAll, expect, inject, test } from "vitest";
import { GET as getChunkRoute } from "@/app/api/v1/workspaces/[ws]/recordings/[sessionId]/chunks/[chunkId]/route";
import { createPersonalKey, getProjectKey } from "@/lib/data/keys";
import { chunkManifest, deleteSession } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace, type Workspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { createS3Client, type S3Settings } from "@/lib/storage/blob/s3";
import { checkBlob } from "@/lib/storage/health";
import { batch, click, fullSnapshot, meta, mutation, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";
import { freshBucket, s3Env } from "../helpers/s3-server";
import { useTempDataDir } from "../helpers/temp-data";

/** The app with its recordings in an S3 bucket: ingest through the route, replay through the chunk route. */

let dataDir: string;
let bucket: S3Settings;
let workspace: Workspace;
let projectKey: string;
let apiKey: string;

beforeAll(async () => {
  dataDir = useTempDataDir();
  bucket = await freshBucket(inject("s3"));
  Object.assign(process.env, s3Env(bucket));
  resetEnvCache();
  const user = await createUser({ email: "s3@test.dev", name: "" });
  workspace = await createWorkspace(user.id, "Bucket Co");
  projectKey = (await getProjectKey(workspace.id)).current;
  apiKey = (await createPersonalKey(workspace.id, { userId: user.id, name: "player", scopes: ["read"] })).key;
});

async function objectKeys(prefix: string): Promise<string[]> {
  const client = createS3Client(bucket);
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: prefix }));
  client.destroy();
  return (out.Contents ?? []).map((o) => o.Key!);
}

async function playChunk(sessionId: string, chunkId: string): Promise<Response> {
  const url = `http://rewind.test/api/v1/workspaces/${workspace.slug}/recordings/${sessionId}/chunks/${chunkId}`;
  return getChunkRoute(new Request(url, { headers: { authorization: `Bearer ${apiKey}` } }), {
    params: Promise.resolve({ ws: workspace.slug, sessionId, chunkId }),
  });
}

test("health writes, reads back and deletes a marker in the bucket", async () => {
  expect(await checkBlob()).toEqual({ driver: "s3", ok: true });
  expect(await objectKeys("health/")).toEqual([]);
});

test("an ingested session is stored in the bucket under its retention class and plays back", async () => {
  const first = batch([meta(T0), fullSnapshot(T0 + 1), click(T0 + 100)], { sessionId: "s3-session", seq: 0 });
  const second = batch([mutation(T0 + 5000)], { sessionId: "s3-session", seq: 1 });
  await ingestBatch(projectKey, first);
  await ingestBatch(projectKey, second);

  const stored = await objectKeys(`rec/30d/${workspace.id}/s3-session/`);
  expect(stored).toHaveLength(2);
  expect(existsSync(join(dataDir, "blobs"))).toBe(false);

  const chunks = await chunkManifest(workspace.id, "s3-session");
  const played = [];
  for (const c of chunks) {
    const res = await playChunk("s3-session", c.id);
    expect(res.status).toBe(200);
    played.push(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()));
  }
  expect(played.map((b) => b.events)).toEqual([first.events, second.events]);
  expect((await playChunk("s3-session", "1-missing")).status).toBe(404);
});

test("deleting the session deletes its objects from the bucket", async () => {
  await ingestBatch(projectKey, batch([meta(T0), fullSnapshot(T0 + 1)], { sessionId: "s3-doomed" }));
  expect(await objectKeys(`rec/30d/${workspace.id}/s3-doomed/`)).toHaveLength(1);
  expect(await deleteSession(workspace.id, "s3-doomed")).toBe(true);
  expect(await objectKeys(`rec/30d/${workspace.id}/s3-doomed/`)).toEqual([]);
  expect(await objectKeys(`rec/30d/${workspace.id}/s3-session/`)).toHaveLength(2);
});

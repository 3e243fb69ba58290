import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createS3Client, type S3Settings } from "@/lib/storage/blob/s3";
import { batch, click, fullSnapshot, meta, T0 } from "../tests/helpers/batches";
import { freshBucket, s3Env } from "../tests/helpers/s3-server";
import { ensureBuilt, type RunningApp, startApp } from "./helpers/app";
import { type HttpSession, projectKeyOf, signUp } from "./helpers/http";

/**
 * The tree the Docker image runs (scripts/standalone.mjs, as the Dockerfile calls it), started with
 * the image's start command and environment, on Redis and an S3 bucket as docker-compose.yml sets up.
 */

const root = join(import.meta.dirname, "..");
const redisUrl = inject("redisUrl");
let imageDir: string;
let bucket: S3Settings;
let app: RunningApp;

beforeAll(async () => {
  await ensureBuilt();
  imageDir = mkdtempSync(join(tmpdir(), "rewind-image-"));
  const assembled = spawnSync(process.execPath, ["scripts/standalone.mjs", imageDir], {
    cwd: root,
    encoding: "utf8",
  });
  if (assembled.status !== 0) throw new Error(`standalone.mjs failed:\n${assembled.stderr}`);
  bucket = await freshBucket(inject("s3"));
  app = await startApp({
    appDir: imageDir,
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      ...s3Env(bucket),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
  });
});
afterAll(async () => {
  await app?.stop({ removeData: true });
  if (imageDir) rmSync(imageDir, { recursive: true, force: true });
});

test("the image's tree holds no sources, only the standalone server and what it serves", () => {
  for (const path of [
    "server.js",
    "scripts/start.mjs",
    "public/sdk/loader.js",
    ".next/static",
    ".next/BUILD_ID",
  ])
    expect(existsSync(join(imageDir, path)), path).toBe(true);
  for (const path of ["app", "lib", "components", "node_modules/typescript", "node_modules/vitest"])
    expect(existsSync(join(imageDir, path)), path).toBe(false);
});

test("it serves server.js, not a build of its own, and names its stores", () => {
  expect(app.output()).not.toContain("[rewind] building");
  expect(app.output()).toContain(`blob=s3 (s3://${bucket.bucket} at ${new URL(bucket.endpoint!).origin})`);
  expect(app.output()).toContain(redisUrl ? "kv=redis" : "kv=embedded");
});

test("the Dockerfile's HEALTHCHECK command passes against it", () => {
  const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
  const command = JSON.parse(/HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/.exec(dockerfile)![1]!) as string[];
  expect(command[0]).toBe("node");
  const run = (port: number) =>
    spawnSync(process.execPath, command.slice(1), { env: { ...process.env, PORT: String(port) } }).status;
  expect(run(app.port)).toBe(0);
  expect(run(1)).toBe(1);
});

test("static assets and the SDK are served from the copied folders", async () => {
  const loader = await fetch(`${app.url}/sdk/loader.js`);
  expect(loader.status).toBe(200);
  const html = await (await fetch(`${app.url}/login`)).text();
  const script = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
  expect((await fetch(`${app.url}${script}`)).status).toBe(200);
});

test("a batch ingested over HTTP lands in the bucket and plays back", async () => {
  const { session, workspace } = await signUp(app.url, {
    email: "image@test.dev",
    workspaceName: "Image Co",
  });
  const key = await projectKeyOf(session, workspace.slug);
  const sent = batch([meta(T0), fullSnapshot(T0 + 1), click(T0 + 50)], { sessionId: "image-session" });
  const res = await fetch(`${app.url}/api/v1/ingest?k=${key}`, {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: JSON.stringify(sent),
  });
  expect(res.status, await res.clone().text()).toBe(200);

  const client = createS3Client(bucket);
  const listed = await client.send(
    new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: `rec/30d/${workspace.id}/image-session/` }),
  );
  client.destroy();
  expect(listed.Contents).toHaveLength(1);

  expect(await playedEvents(session, workspace.slug, "image-session")).toEqual(sent.events);
});

async function playedEvents(session: HttpSession, slug: string, sid: string): Promise<unknown[]> {
  const base = `/api/v1/workspaces/${slug}/recordings/${sid}`;
  const { chunks } = (await (await session.fetch(base)).json()) as { chunks: { id: string }[] };
  const events: unknown[] = [];
  for (const c of chunks) {
    const res = await session.fetch(`${base}/chunks/${c.id}`);
    expect(res.status).toBe(200);
    // fetch inflates Content-Encoding: gzip itself; a stored gzip passed through is inflated here.
    const body = Buffer.from(await res.arrayBuffer());
    const text = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString() : body.toString();
    events.push(...(JSON.parse(text) as { events: unknown[] }).events);
  }
  return events;
}

import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import type { S3Settings } from "@/lib/storage/blob/s3";
import { batch, click, custom, fullSnapshot, meta, pageview, T0 } from "../tests/helpers/batches";
import { freshBucket, s3Env } from "../tests/helpers/s3-server";
import { type RunningApp, startApp } from "./helpers/app";
import { type HttpSession, projectKeyOf, signUp } from "./helpers/http";

/**
 * Three app processes on one Redis and one S3 bucket behind a round-robin proxy, as a load balancer
 * would run them. Every session's batches go through all three in turn while one is killed -9 mid
 * load: each acknowledged batch is stored exactly once, and the lists, counts and funnels equal
 * those of the same batches sent to one instance. A settings change made on one instance reaches
 * the others within the ingest cache's stated 5 s.
 */

const redisUrl = inject("redisUrl");
const SECRET = "n-instances-shared-secret-0123456789abcdef";
const SESSIONS = 8;
const BATCHES_PER_SESSION = 6;

let apps: RunningApp[] = [];
let proxy: Server;
let proxyUrl = "";
let bucket: S3Settings;
const dead = new Set<number>();

/** Forwards each request to the next live app in turn; a refused connection marks that app dead. */
function startProxy(): Promise<string> {
  let next = 0;
  proxy = createServer((req, res) => {
    const live = apps.map((_, i) => i).filter((i) => !dead.has(i));
    const target = live[next++ % live.length]!;
    const upstream = httpRequest(
      {
        host: "127.0.0.1",
        port: apps[target]!.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") dead.add(target);
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "bad_gateway", message: String(error.message) } }));
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    proxy.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  if (!redisUrl) return;
  bucket = await freshBucket(inject("s3"));
  const env = { REDIS_URL: redisUrl, NEXTAUTH_SECRET: SECRET, ...s3Env(bucket) };
  apps = [];
  for (let i = 0; i < 3; i++) apps.push(await startApp({ env }));
  proxyUrl = await startProxy();
}, 300_000);

afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await Promise.all(apps.map((a) => a.stop({ removeData: true })));
});

/** The batches of one visit: pages, clicks and a custom event, in order, sent one at a time. */
function visit(sessionId: string, distinctId: string): Record<string, unknown>[] {
  const start = T0 + Number.parseInt(sessionId.slice(-2), 16) * 1000;
  return Array.from({ length: BATCHES_PER_SESSION }, (_, b) => {
    const at = start + b * 2000;
    const events: unknown[] = [
      ...(b === 0 ? [meta(at), fullSnapshot(at + 1)] : []),
      pageview(at + 2, `https://shop.example/${b < 3 ? "product" : "checkout"}`),
      click(at + 100, 10 * b, 20),
      click(at + 900, 10 * b, 400),
      ...(b === BATCHES_PER_SESSION - 1 ? [custom(at + 1500, "order_placed", { total: 42 })] : []),
    ];
    return batch(events, { sessionId, distinctId, seq: b, batchId: randomUUID() });
  });
}

/** Posts until acknowledged (200), retrying what a dead instance or a busy claim answered. */
async function deliver(base: string, key: string, body: Record<string, unknown>): Promise<void> {
  const bytes = gzipSync(JSON.stringify(body));
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const res = await fetch(`${base}/api/v1/ingest?k=${key}`, {
        method: "POST",
        body: bytes,
        headers: { "content-type": "text/plain" },
      });
      if (res.status === 200) return;
      if (res.status < 500 && res.status !== 429)
        throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    } catch (error) {
      if (String(error).includes("ingest answered")) throw error;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`batch ${String(body.batchId)} was never acknowledged`);
}

interface Listed {
  id: string;
  fields: Record<string, string>;
  chunkCount: number;
  durationMs: number;
}

async function recordings(session: HttpSession, slug: string): Promise<Listed[]> {
  const res = await session.fetch(`/api/v1/workspaces/${slug}/recordings?limit=100`);
  expect(res.status).toBe(200);
  const { sessions } = (await res.json()) as { sessions: Listed[] };
  return sessions.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const FIGURES = ["eventCount", "clickCount", "pageCount", "errorCount", "distinctId", "firstUrl"];
const figures = (list: Listed[]) =>
  list.map((s) => ({
    id: s.id,
    chunks: s.chunkCount,
    durationMs: s.durationMs,
    ...Object.fromEntries(FIGURES.map((f) => [f, s.fields[f]])),
  }));

async function funnel(session: HttpSession, slug: string): Promise<unknown> {
  const res = await session.fetch(`/api/v1/workspaces/${slug}/funnels/run`, {
    json: {
      steps: [
        { kind: "pageview", url: { mode: "contains", value: "/product" } },
        { kind: "pageview", url: { mode: "contains", value: "/checkout" } },
        { kind: "event", name: "order_placed" },
      ],
      windowMs: 3_600_000,
      range: { kind: "between", from: T0 - 3_600_000, to: Date.now() + 3_600_000 },
    },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const { from: _from, to: _to, ...result } = (await res.json()) as Record<string, unknown>;
  return result;
}

test.skipIf(!redisUrl)(
  "three instances, one killed -9 mid-load: every acknowledged batch stored once; lists and funnels equal one instance's",
  async () => {
    const suffix = randomUUID().slice(0, 8);
    // Signing up and logging in through the proxy: each request may land on another instance.
    const many = await signUp(proxyUrl, { email: `many-${suffix}@n.test`, workspaceName: `Many ${suffix}` });
    const one = await signUp(apps[0]!.url, { email: `one-${suffix}@n.test`, workspaceName: `One ${suffix}` });
    const manyKey = await projectKeyOf(many.session, many.workspace.slug);
    const oneKey = await projectKeyOf(one.session, one.workspace.slug);

    const visits = Array.from({ length: SESSIONS }, (_, i) =>
      visit(
        `n-${suffix}-${i.toString(16).padStart(2, "0")}`,
        i % 2 ? `buyer${i}@shop.test` : `anon-${suffix}-${i}`,
      ),
    );
    let acknowledged = 0;
    let killed = false;
    const total = SESSIONS * BATCHES_PER_SESSION;
    // Sessions in parallel, each session's batches one after another (as the SDK sends them),
    // rotating over the instances; one instance dies once a third of the batches are in.
    await Promise.all(
      visits.map(async (batches) => {
        for (const b of batches) {
          await deliver(proxyUrl, manyKey, b);
          acknowledged++;
          if (!killed && acknowledged >= total / 3) {
            killed = true;
            await apps[1]!.stop({ signal: "SIGKILL" });
          }
        }
      }),
    );
    expect(killed).toBe(true);
    expect(acknowledged).toBe(total);
    // The same batches to one instance, in order.
    for (const batches of visits) for (const b of batches) await deliver(apps[0]!.url, oneKey, b);

    const viaMany = await recordings(many.session, many.workspace.slug);
    const viaOne = await recordings(one.session, one.workspace.slug);
    expect(viaMany).toHaveLength(SESSIONS);
    // Exactly once: every session has one chunk per batch and the events of each batch once.
    for (const s of viaMany) {
      expect(s.chunkCount, s.id).toBe(BATCHES_PER_SESSION);
      expect(Number(s.fields.clickCount), s.id).toBe(2 * BATCHES_PER_SESSION);
    }
    expect(figures(viaMany)).toEqual(figures(viaOne));
    expect(await funnel(many.session, many.workspace.slug)).toEqual(
      await funnel(one.session, one.workspace.slug),
    );

    // Chunks stored by the killed instance are served by the others (one bucket behind all).
    const first = viaMany[0]!;
    const detail = (await (
      await many.session.fetch(`/api/v1/workspaces/${many.workspace.slug}/recordings/${first.id}`)
    ).json()) as { chunks: { id: string }[] };
    for (const chunk of detail.chunks) {
      const res = await many.session.fetch(
        `/api/v1/workspaces/${many.workspace.slug}/recordings/${first.id}/chunks/${chunk.id}`,
      );
      expect(res.status, chunk.id).toBe(200);
    }
  },
  240_000,
);

test.skipIf(!redisUrl)(
  "a settings change made on one instance reaches the others within the ingest cache's 5 s",
  async () => {
    const live = apps.filter((_, i) => !dead.has(i) && i !== 1);
    const suffix = randomUUID().slice(0, 8);
    const owner = await signUp(live[0]!.url, {
      email: `cache-${suffix}@n.test`,
      workspaceName: `Cache ${suffix}`,
    });
    const key = await projectKeyOf(owner.session, owner.workspace.slug);
    const send = async (app: RunningApp) => {
      const res = await fetch(`${app.url}/api/v1/ingest?k=${key}`, {
        method: "POST",
        body: JSON.stringify(
          batch([meta(Date.now()), fullSnapshot(Date.now())], { sessionId: `c-${randomUUID()}` }),
        ),
        headers: { "content-type": "text/plain" },
      });
      return (await res.json()) as { recorded?: boolean };
    };
    // Every instance has the workspace's settings cached as "recording on".
    for (const app of live) expect((await send(app)).recorded).not.toBe(false);
    const changed = await owner.session.fetch(
      `/api/v1/workspaces/${owner.workspace.slug}/settings/recording`,
      {
        method: "PATCH",
        json: { enabled: false },
      },
    );
    expect(changed.status).toBe(200);
    const since = Date.now();
    for (const app of live) {
      while ((await send(app)).recorded !== false) await new Promise((r) => setTimeout(r, 250));
    }
    // Stated TTL 5 s, plus the requests' own time on a loaded box.
    expect(Date.now() - since).toBeLessThan(5_000 + 3_000);
  },
  60_000,
);

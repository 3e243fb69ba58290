import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";
import { type HttpSession, projectKeyOf, signUp } from "./helpers/http";

/** `npm start` with WEB_CONCURRENCY=2: two server processes on one port and one data folder. */
let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ env: { WEB_CONCURRENCY: "2" } });
  const deadline = Date.now() + 30_000;
  while (servingPids().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
});
afterAll(async () => app?.stop({ removeData: true }));

const servingPids = () =>
  [...app.output().matchAll(/\[rewind\] process (\d+) serving/g)].map((m) => Number(m[1]));

test("two processes listen on the one port", () => {
  const pids = servingPids();
  expect(new Set(pids).size).toBe(2);
  // Both opened the same stores at start-up.
  const storageLines = app
    .output()
    .split("\n")
    .filter((l) => l.startsWith("[rewind] storage:"));
  expect(storageLines).toEqual([storageLines[0], storageLines[0]]);
  expect(storageLines[0]).toContain(join(app.dataDir, "rewind.db"));
});

test("both share one generated secret: a session signed by either is accepted on every request", async () => {
  const secrets = readdirSync(app.dataDir).filter((f) => f.startsWith(".nextauth-secret"));
  expect(secrets).toEqual([".nextauth-secret"]);
  expect(readFileSync(join(app.dataDir, ".nextauth-secret"), "utf8").length).toBeGreaterThanOrEqual(32);
  const { session, workspace } = await signUp(app.url, {
    email: "two@procs.test",
    workspaceName: "Two procs",
  });
  // Sent at once, they go over several connections, which the cluster hands to both processes in turn.
  const statuses = await Promise.all(
    Array.from({ length: 12 }, () => session.fetch(`/api/v1/workspaces/${workspace.slug}/keys`)),
  );
  expect(statuses.map((r) => r.status)).toEqual(Array(12).fill(200));
  await ingestAndList(session, workspace.slug);
});

async function ingestAndList(session: HttpSession, slug: string) {
  const key = await projectKeyOf(session, slug);
  const t = Date.now() - 10_000;
  const sessions = Array.from({ length: 10 }, () => randomUUID());
  const answers = await Promise.all(
    sessions.map((sessionId) =>
      fetch(`${app.url}/api/v1/ingest?k=${key}`, {
        method: "POST",
        body: gzipSync(
          JSON.stringify({
            v: 1,
            sessionId,
            distinctId: "anon-1",
            batchId: randomUUID(),
            seq: 0,
            events: [
              { type: 4, timestamp: t, data: { href: "https://two.test/", width: 800, height: 600 } },
              { type: 2, timestamp: t + 1, data: { node: {}, initialOffset: { top: 0, left: 0 } } },
            ],
          }),
        ),
      }).then((r) => r.status),
    ),
  );
  expect(answers).toEqual(Array(10).fill(200));
  const listed = (await (await session.fetch(`/api/v1/workspaces/${slug}/recordings?limit=50`)).json()) as {
    sessions: { id: string }[];
  };
  expect(listed.sessions.map((r) => r.id).sort()).toEqual([...sessions].sort());
}

import { availableParallelism } from "node:os";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type RunningApp, startApp } from "./helpers/app";

/** `npm start` with WEB_CONCURRENCY unset: one server process per core (issue #17 item 3). */
let app: RunningApp;
const cores = availableParallelism();

const servingPids = () =>
  new Set([...app.output().matchAll(/\[rewind\] process (\d+) serving/g)].map((m) => Number(m[1])));

beforeAll(async () => {
  app = await startApp({ env: { WEB_CONCURRENCY: "" } });
  const deadline = Date.now() + 45_000;
  while (servingPids().size < cores && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  // A moment more, so a process beyond the count would have said so too.
  await new Promise((r) => setTimeout(r, 1000));
}, 120_000);
afterAll(async () => app?.stop({ removeData: true }));

test(`as many server processes as the machine has cores (${cores} here)`, async () => {
  expect(servingPids().size).toBe(cores);
  expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
});

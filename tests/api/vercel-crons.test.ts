import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

/** vercel.json's crons: each names a cron route that exists, on a schedule every Vercel plan deploys. */

const root = join(import.meta.dirname, "..", "..");
const config = JSON.parse(readFileSync(join(root, "vercel.json"), "utf8")) as {
  crons: { path: string; schedule: string }[];
};

test("every cron route is scheduled, and every schedule names a route that exists", () => {
  const routes = readdirSync(join(root, "app/api/cron")).map((name) => `/api/cron/${name}`);
  expect(config.crons.map((c) => c.path).sort()).toEqual([...routes].sort());
  for (const { path } of config.crons) expect(existsSync(join(root, "app", path, "route.ts"))).toBe(true);
});

test("each schedule runs at most once a day (a Hobby plan refuses to deploy anything more frequent)", () => {
  for (const { schedule } of config.crons) {
    const [minute, hour, ...rest] = schedule.split(" ");
    expect(minute).toMatch(/^\d+$/);
    expect(hour).toMatch(/^\d+$/);
    expect(rest).toEqual(["*", "*", "*"]);
  }
});

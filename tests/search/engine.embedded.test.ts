import { beforeAll, expect, test } from "vitest";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";
import type { SeededSession } from "@/lib/seed";
import { generateSessions, writeSession } from "@/lib/seed";
import { useTempDataDir } from "../helpers/temp-data";
import { bruteForce, checkCombinations, seedCorpus } from "./exactness";

const NOW = Date.UTC(2026, 10, 20);
let ws: string;
let truth: SeededSession[];

beforeAll(async () => {
  useTempDataDir();
  ({ ws, truth } = await seedCorpus(10_000, NOW));
}, 300_000);

test("100 random filter and sort combinations, not the other driver's, give exactly the brute-force results, on every page", async () => {
  const pages = await checkCombinations(ws, truth, NOW, { from: 0, to: 100 });
  expect(pages).toBeGreaterThan(100);
}, 600_000);

test("sessions arriving between page 1 and page 2 neither repeat nor vanish", async () => {
  const filter = { expr: null };
  const first = await querySessions(ws, filter, { sort: "recent", limit: 25 });
  const newer = generateSessions(30, { seed: 1234, now: NOW + 3_600_000, spanDays: 0.01 });
  for (const s of newer) await writeSession(ws, s);
  const second = await querySessions(ws, filter, { sort: "recent", cursor: first.nextCursor, limit: 25 });
  const expected = bruteForce(truth, filter, "recent");
  expect([...first.sessions, ...second.sessions].map((s) => s.id)).toEqual(expected.slice(0, 50));
  truth.push(...newer);
});

test("sorted by start time, a page walks the most selective index itself rather than every session", async () => {
  const filter = parseSearch("signal:rage device:desktop", NOW);
  const page = await querySessions(ws, filter, { sort: "recent", limit: 25 });
  expect(page.sessions.map((s) => s.id)).toEqual(bruteForce(truth, filter, "recent").slice(0, 25));
  // About 8% of sessions have a rage click: the sort index would need ~400 rows for 26 matches.
  expect(page.examined).toBeLessThan(120);
});

import { beforeAll, expect, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { checkRollups, deleteSomeAndCheck, type RollupCorpus, seedRollupCorpus } from "./rollup-exactness";

/** The Analytics page's hourly rollups equal the per-session figures, on the embedded store. */

const NOW = Date.UTC(2026, 10, 20, 12);
let corpus: RollupCorpus;

beforeAll(async () => {
  useTempDataDir();
  corpus = await seedRollupCorpus(600, NOW);
}, 300_000);

test("rollups equal the sessions' figures: multi-batch, out of order, replayed and retried batches", async () => {
  expect(await checkRollups(corpus)).toBeGreaterThan(600);
}, 300_000);

test("deleting sessions takes their contribution back", async () => {
  expect(await deleteSomeAndCheck(corpus)).toBeGreaterThan(500);
}, 300_000);

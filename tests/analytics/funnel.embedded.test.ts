import { beforeAll, expect, test } from "vitest";
import { useTempDataDir } from "../helpers/temp-data";
import { type Corpus, checkFunnels, seedFunnelCorpus } from "./funnel-exactness";

const NOW = Date.UTC(2026, 10, 20);
let corpus: Corpus;

beforeAll(async () => {
  useTempDataDir();
  corpus = await seedFunnelCorpus(5000, NOW);
}, 300_000);

test("40 random funnels match the brute force per person, per step, and at each drop-off's replay moment", async () => {
  expect(corpus.events.length).toBeGreaterThan(15_000);
  expect(await checkFunnels(corpus, 40)).toBeGreaterThan(5000);
}, 300_000);

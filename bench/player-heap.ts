// What a tab keeps across a playlist play-through, by constructor: heap snapshots (CDP, after a
// forced GC) after recording 1, 2 and the last of e2e/helpers/play-through's playlist, diffed, with a
// retainer path for a sample new object of each constructor that grew. A diagnostic for issue #21's
// "heap after 20 recordings within 20 % of after the first": it names what is retained.
// Usage: npx tsx bench/player-heap.ts [--playlist 20] [--top 15]
import { parseArgs } from "node:util";
import { startApp } from "../e2e/helpers/app";
import { launchChromium } from "../e2e/helpers/browser";
import { type HeapSnapshot, heapGrowth, takeHeapSnapshot } from "../e2e/helpers/heap-snapshot";
import { projectKeyOf, signUp } from "../e2e/helpers/http";
import { ingestPlaylist, playThrough } from "../e2e/helpers/play-through";
import { logIn } from "../e2e/helpers/ui";

const { values } = parseArgs({
  options: { playlist: { type: "string", default: "20" }, top: { type: "string", default: "15" } },
});
const count = Number(values.playlist);
const top = Number(values.top);
const password = "correct horse battery";
const app = await startApp();
const browser = await launchChromium();
try {
  const signed = await signUp(app.url, { email: "heap@player.bench", workspaceName: "Heap", password });
  const slug = signed.workspace.slug;
  const playlist = await ingestPlaylist(
    app.url,
    signed.session,
    slug,
    await projectKeyOf(signed.session, slug),
    count,
  );
  const { context, page } = await logIn(browser, app.url, { email: "heap@player.bench", password });
  const snapshots = new Map<number, HeapSnapshot>();
  const { heaps } = await playThrough(page, app.url, slug, playlist, async (i) => {
    if (i === 1 || i === 2 || i === count) snapshots.set(i, await takeHeapSnapshot(page));
    // Things a page keeps that are not ours: globals, the performance timeline.
    const kept = await page.evaluate(() => ({
      globals: Object.getOwnPropertyNames(window).length,
      entries: performance.getEntries().length,
      iframes: document.querySelectorAll("iframe").length,
    }));
    console.log(`after ${i}: ${JSON.stringify(kept)}`);
  });
  console.log(`heap after each recording (MB): ${heaps.map((h) => (h / 1e6).toFixed(2)).join(" ")}`);
  console.log(`after the last / after the first: ${(heaps.at(-1)! / heaps[0]!).toFixed(2)} (goal ≤ 1.20)`);
  const one = snapshots.get(1)!;
  const two = snapshots.get(2)!;
  const last = snapshots.get(count)!;
  console.log(`\nrecording 1 → 2:\n${heapGrowth(one, two, top).join("\n")}`);
  console.log(`\nrecording 2 → ${count}:\n${heapGrowth(two, last, top).join("\n")}`);
  await context.close();
} finally {
  await browser.close();
  await app.stop({ removeData: true });
}

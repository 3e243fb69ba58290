import type { Page } from "playwright-core";
import type { HttpSession } from "./http";
import { ingestAll, longRecording } from "./long-recording";

/**
 * A playlist of recordings played one after another in one tab (the queue's "Next →", a client
 * navigation), with the tab's JS heap measured after a forced garbage collection: what a player
 * that does not tear down leaves behind shows up as growth from the first recording to the last.
 * Used by e2e/player-memory.test.ts and bench/player.ts.
 */

/** Each recording's snapshot carries this much text, so what a recording leaves behind is visible. */
const PADDING = "lorem ipsum dolor sit amet ".repeat(12_000);

type SnapshotNode = { id?: number; textContent?: string; childNodes?: SnapshotNode[] };

function padText(node: unknown, text: string): void {
  const n = node as SnapshotNode;
  if (n.id === 8 && typeof n.textContent === "string") n.textContent = text;
  for (const child of n.childNodes ?? []) padText(child, text);
}

export async function ingestPlaylist(
  appUrl: string,
  owner: HttpSession,
  slug: string,
  projectKey: string,
  count: number,
): Promise<{ playlistId: string; sessionIds: string[] }> {
  const sessionIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = longRecording({
      start: Date.now() - 5 * 3600_000 + i * 10 * 60_000,
      durationMs: 3 * 60_000,
      chunkEveryMs: 10_000,
      checkpointEveryMs: 60_000,
    });
    const first = r.batches[0] as { events: { type: number; data: { node?: unknown } }[] };
    const snapshot = first.events.find((e) => e.type === 2)!;
    // The header's text (node 8) becomes a long read of its own.
    padText(snapshot.data.node, `${i} ${PADDING}`);
    await ingestAll(appUrl, projectKey, r.batches);
    sessionIds.push(r.sessionId);
  }
  const created = await owner.fetch(`/api/v1/workspaces/${slug}/playlists`, {
    json: { name: "Play-through", description: "", query: "", sort: "recent" },
  });
  if (created.status !== 201) throw new Error(`playlist: ${created.status} ${await created.text()}`);
  const { playlist } = (await created.json()) as { playlist: { id: string } };
  for (const sid of sessionIds) {
    const pinned = await owner.fetch(
      `/api/v1/workspaces/${slug}/playlists/${playlist.id}/recordings/${sid}`,
      {
        method: "PUT",
      },
    );
    if (pinned.status !== 201) throw new Error(`pin: ${pinned.status} ${await pinned.text()}`);
  }
  return { playlistId: playlist.id, sessionIds };
}

/**
 * The tab's used JS heap in bytes, after a full garbage collection: the least of three reads, as
 * a read now and then lands while the engine still holds a large short-lived allocation (one in
 * twenty reads was twice the others).
 */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  let least = Number.POSITIVE_INFINITY;
  for (let read = 0; read < 3; read++) {
    for (let i = 0; i < 2; i++) await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
    least = Math.min(least, usedSize);
  }
  await cdp.detach();
  return least;
}

/** Waits for the recording at `position` of the queue to be ready, then jumps to its end. */
async function playToEnd(page: Page, position: number, total: number) {
  await page
    .getByTestId("queue")
    .getByText(new RegExp(`^${position} of ${total} in`))
    .waitFor({ timeout: 60_000 });
  await page.locator("[data-status=ready]").waitFor({ timeout: 60_000 });
  await page.keyboard.press("End");
  await page.waitForFunction(
    () =>
      !document.querySelector("[data-testid=seek-progress]") &&
      /minute 2\b/.test(
        document
          .querySelector<HTMLIFrameElement>("[data-testid=player] iframe")
          ?.contentDocument?.getElementById("clock")?.textContent ?? "",
      ),
    undefined,
    { timeout: 60_000 },
  );
}

/**
 * Opens the playlist's first recording and plays through all of them with "Next →"; the heap
 * after the first and after the last.
 */
export async function playThrough(
  page: Page,
  appUrl: string,
  slug: string,
  playlist: { playlistId: string; sessionIds: string[] },
  /** Called after each recording's heap is read (bench/player-heap.ts takes snapshots there). */
  afterEach?: (position: number) => Promise<void>,
): Promise<{ afterFirst: number; afterLast: number; heaps: number[] }> {
  const total = playlist.sessionIds.length;
  await page.goto(`${appUrl}/${slug}/recordings/${playlist.sessionIds[0]}?playlist=${playlist.playlistId}`);
  const heaps: number[] = [];
  for (let i = 1; i <= total; i++) {
    if (i > 1) await page.getByTestId("queue").getByRole("link", { name: "Next →" }).click();
    await playToEnd(page, i, total);
    heaps.push(await heapAfterGc(page));
    await afterEach?.(i);
  }
  return { afterFirst: heaps[0]!, afterLast: heaps.at(-1)!, heaps };
}

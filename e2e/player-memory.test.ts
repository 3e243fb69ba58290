import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { RunningApp } from "./helpers/app";
import type { HttpSession } from "./helpers/http";
import { ingestPlaylist, playThrough } from "./helpers/play-through";
import { closeStage, openShop } from "./helpers/stage";
import { logIn } from "./helpers/ui";

/**
 * Memory discipline: a playlist of 20 recordings played one after another in one tab leaves the
 * JS heap within 20 % of where it was after the first — the player tears down its replayer, the
 * replayed document, its listeners and the recording's events when it moves on.
 */

const PASSWORD = "correct horse battery";
let app: RunningApp;
let browser: Browser;
let owner: HttpSession;
let slug: string;
let playlist: { playlistId: string; sessionIds: string[] };

beforeAll(async () => {
  let key: string;
  ({
    app,
    browser,
    owner,
    slug,
    projectKey: key,
  } = await openShop({ email: "memory@player.test", workspaceName: "Memory Shop", password: PASSWORD }));
  playlist = await ingestPlaylist(app.url, owner, slug, key, 20);
}, 300_000);
afterAll(() => closeStage({ app, browser }));

test("20 recordings in a row end with the heap within 20 % of after the first", async () => {
  const { context, page } = await logIn(browser, app.url, {
    email: "memory@player.test",
    password: PASSWORD,
  });
  const { afterFirst, afterLast, heaps } = await playThrough(page, app.url, slug, playlist);
  console.log(`heap after each recording (MB): ${heaps.map((h) => (h / 1e6).toFixed(1)).join(" ")}`);
  // Each recording carries ~320 KB of text in its snapshot: 19 kept would be ~6 MB more.
  expect(afterLast).toBeLessThan(afterFirst * 1.2);
  await context.close();
}, 600_000);

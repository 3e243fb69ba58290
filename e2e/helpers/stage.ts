import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type RunningApp, startApp } from "./app";
import { launchChromium } from "./browser";
import { type HttpSession, projectKeyOf, signUp } from "./http";

/** Where e2e files save the screenshots looked at after a run. */
export const shots = join(import.meta.dirname, "..", "..", "test-results", "screenshots");

export interface Stage {
  app: RunningApp;
  browser: Browser;
}

/** The built app on a fresh data folder and a Chromium, for one test file. */
export async function openStage(): Promise<Stage> {
  mkdirSync(shots, { recursive: true });
  const app = await startApp();
  return { app, browser: await launchChromium() };
}

export interface Shop extends Stage {
  owner: HttpSession;
  slug: string;
  projectKey: string;
}

/** A stage with an owner signed up and their workspace, whose project key the SDK records with. */
export async function openShop(account: {
  email: string;
  workspaceName: string;
  password?: string;
}): Promise<Shop> {
  const stage = await openStage();
  const signed = await signUp(stage.app.url, account);
  const slug = signed.workspace.slug;
  return { ...stage, owner: signed.session, slug, projectKey: await projectKeyOf(signed.session, slug) };
}

export async function closeStage(stage: Partial<Stage>): Promise<void> {
  await stage.browser?.close();
  await stage.app?.stop({ removeData: true });
}

/**
 * openShop for a whole test file: opened before its first test and closed after its last. The
 * returned object is filled in when the tests start, so read its fields inside tests and hooks.
 */
export function shopForFile(account: { email: string; workspaceName: string; password?: string }): Shop {
  const shop = {} as Shop;
  let opening: Promise<Shop> | undefined;
  beforeAll(async () => {
    opening = openShop(account);
    Object.assign(shop, await opening);
  }, 240_000);
  // Waits for a start the set-up gave up on, so a slow start does not leave its server running.
  afterAll(async () => {
    const opened = await opening?.catch(() => undefined);
    await closeStage(opened ?? shop);
  }, 240_000);
  return shop;
}

import { describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS } from "@/lib/data/settings";
import { hasChromium } from "./helpers/browser";
import { recordedPage, sdkStage, sendAll } from "./helpers/sdk-sink";

/**
 * Console and network capture live in public/sdk/capture.js, fetched only when the workspace turned
 * either on: a default workspace never downloads it, and one with both on records redacted entries.
 */

const PAGE = `<p>capture</p>`;
const ON = {
  ...DEFAULT_SETTINGS,
  console: { ...DEFAULT_SETTINGS.console, enabled: true },
  network: { ...DEFAULT_SETTINGS.network, enabled: true },
};

describe.skipIf(!hasChromium() && !process.env.CI)("console and network capture, fetched when on", () => {
  const off = sdkStage({ "/page": PAGE });
  const on = sdkStage({ "/page": PAGE }, ON);

  test("a workspace with both off never fetches capture.js and records no console entry", async () => {
    const { context, page } = await recordedPage(off, "/page");
    await page.evaluate(() => console.warn("not captured"));
    await page.waitForTimeout(300);
    await sendAll(page, off.sink, (evs) => evs.some((e) => e.type === 2));
    await context.close();
    expect(off.sink.served()).toContain("/sdk/recorder.js");
    expect(off.sink.served()).not.toContain("/sdk/capture.js");
    // Web Vitals and form submissions (signals.js) are plugin events too, on by default.
    const captured = (e: { type: number; data: Record<string, unknown> }) =>
      e.type === 6 && (e.data.plugin === "rrweb/console@1" || e.data.plugin === "rewind/network@1");
    expect(off.sink.events().some(captured)).toBe(false);
  }, 120_000);

  test("with both on, console and fetch entries are recorded under their plugin names, redacted", async () => {
    const { context, page } = await recordedPage(on, "/page");
    await page.waitForFunction(() => Boolean((window as { __rewindCapture?: unknown }).__rewindCapture));
    // The plugins start on the microtask after capture.js ran.
    await page.waitForTimeout(100);
    await page.evaluate(async () => {
      console.warn("checkout failed token=abc123");
      await fetch("/page?q=1");
    });
    await page.waitForTimeout(300);
    const plugins = () => on.sink.events().filter((e) => e.type === 6);
    // Console and network entries only: the vitals (FCP, TTFB) are plugin events too, and sooner.
    const capturedOnly = () =>
      plugins().filter((e) => e.data.plugin === "rrweb/console@1" || e.data.plugin === "rewind/network@1");
    await sendAll(page, on.sink, () => capturedOnly().length >= 2);
    await context.close();
    expect(on.sink.served().filter((p) => p === "/sdk/capture.js")).toHaveLength(1);
    const logged = plugins().find((e) => e.data.plugin === "rrweb/console@1");
    expect(logged?.data.payload).toMatchObject({ level: "warn" });
    expect(JSON.stringify(logged)).toContain("token=[redacted]");
    expect(JSON.stringify(logged)).not.toContain("abc123");
    const fetched = plugins().find((e) => e.data.plugin === "rewind/network@1");
    expect(fetched?.data.payload).toMatchObject({ type: "fetch", method: "GET", status: 200 });
  }, 120_000);
});

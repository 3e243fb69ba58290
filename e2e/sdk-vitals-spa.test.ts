import { describe, expect, test } from "vitest";
import { VITALS_PLUGIN, type VitalPayload } from "@/sdk/src/wire";
import { hasChromium } from "./helpers/browser";
import { type RecordedEvent, recordedPage, sdkStage, sendAll } from "./helpers/sdk-sink";

/**
 * Web Vitals per single-page-app view (#23): a view's LCP, CLS and INP are sent when a pushState
 * navigation ends it, before the next page view, and what the next view measures carries a view
 * id of its own. Each view here has a layout shift and a slow click.
 */

const APP = `<div id="top"></div><h1>Shop</h1><p id="text">Some text that moves down when the banner comes.</p>
<button id="slow" onclick="const t = performance.now(); while (performance.now() - t < 120);">Slow</button>
<a id="go" href="/app/second" onclick="event.preventDefault(); history.pushState({}, '', this.href);
  document.querySelector('h1').textContent = 'Second page'; document.body.append(Object.assign(document.createElement('p'), { textContent: 'The second view has its own text.' }))">Next</a>`;

const vitals = (events: RecordedEvent[]) =>
  events.flatMap((e) =>
    e.type === 6 && e.data.plugin === VITALS_PLUGIN ? [{ at: e, v: e.data.payload as VitalPayload }] : [],
  );

describe.skipIf(!hasChromium() && !process.env.CI)("vitals of single-page-app views", () => {
  const stage = sdkStage({ "/app": APP });

  test("each view's CLS and INP are sent at its end, under a view id of their own", async () => {
    const { context, page } = await recordedPage(stage, "/app");
    await page.waitForFunction(() => Boolean((window as { __rewindSignals?: unknown }).__rewindSignals));
    await page.waitForTimeout(600);
    const shift = (height: number) =>
      page.evaluate((h) => {
        const banner = document.createElement("div");
        banner.style.height = `${h}px`;
        document.getElementById("top")!.prepend(banner);
      }, height);
    await shift(150);
    await page.waitForTimeout(700);
    await page.click("#slow");
    await page.waitForTimeout(700);
    // A router's navigation after a click (Chromium marks it as a soft navigation).
    await page.click("#go");
    await page.waitForTimeout(700);
    await shift(90);
    await page.waitForTimeout(700);
    await page.click("#slow");
    await page.waitForTimeout(500);
    await sendAll(
      page,
      stage.sink,
      (evs) => new Set(vitals(evs).flatMap(({ v }) => (v.name === "CLS" ? [v.view] : []))).size >= 2,
    );
    await context.close();

    const events = stage.sink.events();
    const all = vitals(events);
    const second = events.findIndex(
      (e) =>
        e.type === 5 &&
        e.data.tag === "$pageview" &&
        String((e.data.payload as { url: string }).url).endsWith("/app/second"),
    );
    expect(second).toBeGreaterThan(0);
    const first = (name: string) => all.find(({ v }) => v.name === name)!;
    // The first view's running vitals arrive before the second view's page view.
    for (const name of ["CLS", "INP", "LCP"]) {
      expect(first(name), name).toBeDefined();
      expect(events.indexOf(first(name).at), name).toBeLessThan(second);
    }
    const cls = all.filter(({ v }) => v.name === "CLS");
    const views = [...new Set(cls.map(({ v }) => v.view))];
    expect(views).toHaveLength(2);
    // The second view's CLS comes after its page view, and no longer counts as the first view's.
    const later = cls.find(({ v }) => v.view === views[1])!;
    expect(events.indexOf(later.at)).toBeGreaterThan(second);
    expect(later.v.url).toMatch(/\/app\/second$/);
    expect(first("CLS").v.url).toMatch(/\/app$/);
    expect(first("CLS").v.value).toBeGreaterThan(0);
  }, 120_000);
});

import { join } from "node:path";
import { expect, test } from "vitest";
import { shopForFile, shots } from "./helpers/stage";
import { logIn, playhead } from "./helpers/ui";
import { recordingStarted, until } from "./helpers/wait";

/**
 * From a funnel's drop-off to the replay: two people shop on /demo with the real SDK, one pays and
 * one gives up at checkout; the funnel built in the UI shows it, its drop-off lists the one who gave
 * up, their person page opens on Recordings, and the replay link starts where they stopped.
 */

const PASSWORD = "correct horse battery";

const stage = shopForFile({
  email: "analyst@funnel.test",
  workspaceName: "Funnel Shop",
  password: PASSWORD,
});

/** One visit to the demo shop by a signed-in shopper; `pays` decides whether they submit the payment. */
async function shop(email: string, pays: boolean) {
  const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await recordingStarted(page, () => page.goto(`${stage.app.url}/demo?key=${stage.projectKey}`));
  await page.getByText("● Recording this visit").waitFor();
  await page.evaluate(
    (id) => (window as unknown as { rewind: { identify(id: string): void } }).rewind.identify(id),
    email,
  );
  await page.getByRole("button", { name: "Add to cart" }).first().click();
  await page.waitForTimeout(1200);
  await page.getByRole("button", { name: "Checkout" }).click();
  await page.waitForTimeout(1500);
  if (pays) {
    await page.getByLabel("Full name").fill("Alice Buyer");
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.getByText("Payment failed").waitFor();
  } else {
    await page.mouse.move(300, 300);
  }
  await page.waitForTimeout(800);
  // Leaving hands the last events to sendBeacon.
  await page.goto("about:blank");
  await page.waitForTimeout(500);
  await context.close();
}

test("a funnel's drop-off leads to the person and the replay at the moment they gave up", async () => {
  await shop("alice@shop.test", true);
  await shop("bob@shop.test", false);
  await until("both visits' events", async () => {
    const { events } = (await (
      await stage.owner.fetch(`/api/v1/workspaces/${stage.slug}/events`)
    ).json()) as {
      events: { name: string; volume: number }[];
    };
    const views = events.find((e) => e.name === "$pageview")?.volume ?? 0;
    return views >= 4 && events.some((e) => e.name === "payment_submitted");
  });

  const { context, page } = await logIn(stage.browser, stage.app.url, {
    email: "analyst@funnel.test",
    password: PASSWORD,
  });
  await page.getByRole("link", { name: "Funnels" }).click();
  await page.getByText("No saved funnels yet").waitFor();
  await page.getByRole("link", { name: "New funnel" }).click();
  await page.getByLabel("Funnel name").fill("Demo checkout");
  await page.getByLabel("Step 1 path").fill("/demo");
  await page.getByLabel("Step 2 kind").selectOption("pageview");
  await page.getByLabel("Step 2 path").fill("/demo/checkout");
  await page.getByRole("button", { name: "+ Add step" }).click();
  await page.getByLabel("Step 3 event name").fill("payment_submitted");
  await page.getByRole("button", { name: "Calculate" }).click();
  const rows = page.getByTestId("funnel-step-row");
  await rows.nth(2).waitFor();
  const converted = async (i: number) => (await rows.nth(i).locator("td").nth(1).textContent())?.trim();
  expect([await converted(0), await converted(1), await converted(2)]).toEqual(["2", "2", "1"]);
  await page.getByTestId("funnel-chart").locator(".recharts-bar-rectangle").first().waitFor();
  await page.getByRole("button", { name: "Save funnel" }).click();
  await page.waitForURL(/\/funnels\/f_/);
  await rows.nth(2).waitFor();
  // Below the bars: conversion by day entered (one of two today) and time to convert (one person).
  await page.getByTestId("conversion-trend").locator(".recharts-line-dots circle").first().waitFor();
  await page.getByTestId("time-to-convert").getByText("(1 person)").waitFor();
  await page.screenshot({ path: join(shots, "funnel.png"), fullPage: true });
  // The funnels list shows each saved funnel's conversion over its range.
  await page.getByRole("link", { name: "← Funnels" }).click();
  await expect
    .poll(() => page.getByTestId("funnel-summary").textContent(), { timeout: 20_000 })
    .toMatch(/^50\.0%\s*1 of 2 converted/);
  await page.screenshot({ path: join(shots, "funnels-list.png"), fullPage: true });
  await page.goBack();
  await rows.nth(2).waitFor();

  // Click 1: the drop-off before step 3 lists Bob.
  await page.getByRole("button", { name: "1 dropped off before step 3: show persons" }).click();
  const panel = page.getByTestId("funnel-persons");
  await panel.getByRole("link", { name: "bob@shop.test" }).waitFor();
  expect(await panel.getByRole("link", { name: "alice@shop.test" }).count()).toBe(0);
  await page.screenshot({ path: join(shots, "funnel-dropoff.png"), fullPage: true });
  const replayHref = (await panel.getByTestId("funnel-replay-link").getAttribute("href"))!;

  // The same list for one breakdown value, through the API: Chrome's drop-offs are Bob; no Safari.
  const dropped = async (breakdownValue: string) => {
    const res = await stage.owner.fetch(`/api/v1/workspaces/${stage.slug}/funnels/persons`, {
      json: {
        funnel: {
          steps: [
            { kind: "pageview", url: { mode: "equals", value: "/demo" } },
            { kind: "pageview", url: { mode: "equals", value: "/demo/checkout" } },
            { kind: "event", name: "payment_submitted" },
          ],
          windowMs: 86_400_000,
          range: { kind: "last", days: 30 },
          breakdown: { kind: "browser" },
        },
        step: 2,
        outcome: "dropped",
        breakdownValue,
      },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { persons: { distinctId: string }[] }).persons.map((p) => p.distinctId);
  };
  expect(await dropped("chrome")).toEqual(["bob@shop.test"]);
  expect(await dropped("safari")).toEqual([]);

  // The person page opens on Recordings, the first tab.
  await panel.getByRole("link", { name: "bob@shop.test" }).click();
  await page.getByTestId("person-id").getByText("bob@shop.test").waitFor();
  const tabs = page.getByRole("navigation", { name: "Person sections" }).getByRole("link");
  expect(await tabs.allTextContents()).toEqual(["Recordings", "Events", "Properties"]);
  expect(await tabs.first().getAttribute("aria-current")).toBe("page");
  await expect(page.locator("[data-session-id]").count()).resolves.toBe(1);
  await page.screenshot({ path: join(shots, "person.png"), fullPage: true });
  await tabs.nth(1).click();
  await page.getByTestId("person-events").getByText("/demo/checkout").waitFor();
  await page.screenshot({ path: join(shots, "person-events.png"), fullPage: true });

  // The replay link opens the player where Bob reached checkout, his last step.
  const { events } = (await (
    await stage.owner.fetch(
      `/api/v1/workspaces/${stage.slug}/persons/${encodeURIComponent("bob@shop.test")}/events?name=$pageview`,
    )
  ).json()) as { events: { url: string; sessionId: string; offsetMs: number }[] };
  const checkout = events.find((e) => e.url.endsWith("/demo/checkout"))!;
  const seconds = (checkout.offsetMs / 1000).toFixed(1);
  expect(replayHref).toBe(`/${stage.slug}/recordings/${checkout.sessionId}?t=${seconds}`);
  await page.goto(`${stage.app.url}${replayHref}`, { waitUntil: "commit" });
  await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
  expect(Math.abs((await playhead(page)) - Number(seconds) * 1000)).toBeLessThan(300);
  // The moment is Bob arriving at checkout: playing on, the replayed page shows the checkout form.
  await page.getByTestId("play").click();
  await page
    .frameLocator("[data-testid=player] iframe")
    .getByLabel("Card number")
    .waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(shots, "funnel-replay.png") });
  await context.close();
}, 180_000);

test("analytics: the seed's session figures, segments and paths over the recorded visits", async () => {
  const { context, page } = await logIn(stage.browser, stage.app.url, {
    email: "analyst@funnel.test",
    password: PASSWORD,
  });
  await page.getByRole("link", { name: "Analytics" }).click();
  const figures = page.getByTestId("analytics-figures");
  await figures.waitFor();
  const figure = async (label: string) =>
    (await figures.locator("div", { hasText: label }).locator("dd").first().textContent())?.trim();
  expect(await figure("Sessions")).toBe("2");
  expect(await figure("Pages / session")).toBe("2.00");
  expect(await figure("Return rate")).toBe("0.0%");
  await page.getByTestId("sessions-chart").locator(".recharts-bar-rectangle").first().waitFor();
  await page.getByLabel("Segment by").selectOption("new_returning");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByTestId("analytics-segments").getByText("new").waitFor();
  const paths = page.getByTestId("paths");
  await paths.getByText("/demo → /demo/checkout").waitFor();
  await page.screenshot({ path: join(shots, "analytics.png"), fullPage: true });
  // Charts read in the dark theme too.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: join(shots, "analytics-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await paths.getByRole("link", { name: "Recordings" }).first().click();
  await page.waitForURL(/\/recordings\?q=/);
  await page
    .getByTestId("recordings")
    .waitFor()
    .catch(async (e) => {
      throw new Error(`${e}\n${page.url()}\n${await page.locator("main").textContent()}`);
    });
  await expect(page.locator("[data-session-id]").count()).resolves.toBe(2);
  await context.close();
}, 60_000);

test("a cohort saved on the Persons side narrows a recordings search as cohort:", async () => {
  const { context, page } = await logIn(stage.browser, stage.app.url, {
    email: "analyst@funnel.test",
    password: PASSWORD,
  });
  await page.getByRole("link", { name: "Persons" }).click();
  await page.getByTestId("persons").waitFor();
  await page.getByRole("link", { name: "Cohorts" }).click();
  await page.getByText("No cohorts yet.").waitFor();
  await page.getByLabel("Cohort name").fill("Recent shoppers");
  await page.getByLabel("Property 1").fill("email");
  await page.getByLabel("Comparison 1").selectOption("not_equals");
  await page.getByLabel("Value 1").fill("nobody");
  await page.getByLabel("First seen within days").fill("1");
  await page.getByRole("button", { name: "Save cohort" }).click();
  await page.getByTestId("cohorts").getByText("Recent shoppers").waitFor();
  expect(await page.getByTestId("cohort-size").textContent()).toBe("2 persons");
  await page.screenshot({ path: join(shots, "cohorts.png"), fullPage: true });
  await page.goto(
    `${stage.app.url}/${stage.slug}/recordings?${new URLSearchParams({ q: 'cohort:"Recent shoppers" user:bob@shop.test' })}`,
  );
  await page.getByTestId("recordings").waitFor();
  expect(await page.locator("[data-session-id]").count()).toBe(1);
  await page.goto(
    `${stage.app.url}/${stage.slug}/recordings?${new URLSearchParams({ q: 'cohort:"Nobody here"' })}`,
  );
  await page.getByTestId("no-matches").waitFor();
  await context.close();
}, 60_000);

test("the session definition is a workspace setting the SDK's remote config carries", async () => {
  const config = async () =>
    (await (await fetch(`${stage.app.url}/api/v1/config?k=${stage.projectKey}`)).json()) as {
      idleTimeoutMs: number;
      sessionIdSource: string;
    };
  expect(await config()).toMatchObject({ idleTimeoutMs: 30 * 60_000, sessionIdSource: "rewind" });
  const { context, page } = await logIn(stage.browser, stage.app.url, {
    email: "analyst@funnel.test",
    password: PASSWORD,
  });
  await page.goto(`${stage.app.url}/${stage.slug}/settings/sessions`);
  await page.getByLabel("End a session after this long without activity").selectOption("15");
  await page.getByLabel(/Your site's own/).check();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved.").waitFor();
  await page.screenshot({ path: join(shots, "settings-sessions.png"), fullPage: true });
  await page.getByRole("link", { name: "Usage" }).click();
  await page.getByTestId("usage-pages").getByText("/demo/checkout").waitFor();
  expect(await page.getByTestId("usage-bytes").textContent()).toMatch(/Kept 30 days[\d.]+ KB/);
  await page.screenshot({ path: join(shots, "settings-usage.png"), fullPage: true });
  expect(await config()).toMatchObject({ idleTimeoutMs: 15 * 60_000, sessionIdSource: "site" });
  const bad = await stage.owner.fetch(`/api/v1/workspaces/${stage.slug}/settings/recording`, {
    method: "PATCH",
    json: { idleTimeoutMs: 1000 },
  });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/idleTimeoutMs/);
  await context.close();
}, 60_000);

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { shopForFile, shots } from "./helpers/stage";
import { bodyText, recordingStarted, until } from "./helpers/wait";

/**
 * Record the demo shop in Chromium with the real SDK, intercept every request the page sends and
 * prove no typed secret leaves the browser; then check what was stored and that it replays masked.
 */

const SECRETS = {
  name: "Zebulon Quixote-Secretname",
  email: "zebulon.secret@hidden-mail.test",
  card: "4929123456781234",
  notes: "leave-at-the-blue-door-7731",
  username: "zeb-the-user-9981",
  password: "Hunter2-Sup3rSecret!",
  hidden: "PROMO-HIDDEN-5521",
};

const shop = shopForFile({
  email: "rec-owner@demo.test",
  workspaceName: "Recorder Demo",
});

async function typeSecrets(page: Page) {
  await page.getByRole("button", { name: "Checkout" }).click();
  await page.getByLabel("Full name").fill(SECRETS.name);
  await page.getByLabel("Email").fill(SECRETS.email);
  await page.getByLabel("Card number").pressSequentially(SECRETS.card, { delay: 5 });
  await page.getByLabel("Delivery notes").fill(SECRETS.notes);
  await page.getByLabel("Shipping").selectOption("express");
  await page.evaluate((v) => {
    const hidden = document.querySelector<HTMLInputElement>("[data-testid=hidden-input]")!;
    hidden.value = v;
    hidden.setAttribute("value", v);
  }, SECRETS.hidden);
  await page.getByRole("button", { name: "Account" }).click();
  await page.getByLabel("Username").fill(SECRETS.username);
  await page.getByLabel("Password").fill(SECRETS.password);
  // A password field switched to text (a "show password" toggle) stays masked.
  await page.getByLabel("Password").evaluate((el) => el.setAttribute("type", "text"));
  await page.getByLabel("Password").press("End");
  await page.getByLabel("Password").type("X");
}

describe("onboarding", () => {
  test("a newcomer follows the empty state to the demo and finds their own session listed", async () => {
    const context = await shop.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${shop.app.url}/signup`);
    await page.getByLabel("Work email").fill("newcomer@demo.test");
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByLabel("Workspace name").fill("Newcomer Shop");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/newcomer-shop\/recordings$/).catch(async (e) => {
      throw new Error(`${e} at ${page.url()}: ${await page.locator("body").textContent()}`);
    });
    const snippet = await page.getByTestId("snippet").textContent();
    expect(snippet).toMatch(
      /<script src="http:\/\/[^"]+\/sdk\/loader\.js" data-key="pk_[A-Za-z0-9_-]+" async><\/script>/,
    );
    await page.screenshot({ path: join(shots, "onboarding.png"), fullPage: true });

    await recordingStarted(page, async () => {
      await page.getByRole("link", { name: "Record yourself on the demo shop" }).click();
      await page.waitForURL(/\/demo\?key=pk_/);
    });
    await page.getByText("● Recording this visit").waitFor();
    await page.getByRole("button", { name: "Add to cart" }).first().click();
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.screenshot({ path: join(shots, "demo.png"), fullPage: true });
    await page.goto(`${shop.app.url}/newcomer-shop/recordings`);
    await until(
      () => "the session to be listed",
      async () => {
        await page.reload();
        return (await page.getByTestId("recordings").count()) > 0;
      },
    );
    await expect(page.locator("[data-session-id]").count()).resolves.toBe(1);
    await page.screenshot({ path: join(shots, "recordings-list.png"), fullPage: true });
    // The row's first line tells what happened, starting where the visit landed.
    await expect(page.getByTestId("session-sentence").textContent()).resolves.toMatch(
      /^Landed on \/demo\b.*left/,
    );

    // j moves to the first row, Enter opens it in the player.
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/newcomer-shop\/recordings\/[0-9a-f-]+\?from=/);
    await expect(page.getByTestId("session-sentence").textContent()).resolves.toMatch(/^Landed on \/demo\b/);
    await page
      .locator(".rr-player iframe")
      .waitFor({ timeout: 20_000 })
      .catch(async (e) => {
        await page.screenshot({ path: join(shots, "player-failed.png"), fullPage: true });
        throw new Error(`${e}\n${await page.locator("main").textContent()}`);
      });
    await expect(page.getByTestId("health").textContent()).resolves.toMatch(
      /^complete · \d+ chunks? · no gaps/,
    );
    await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
    // The CI box runs other suites meanwhile: give the first frame's rebuild room.
    const frame = page.frameLocator(".rr-player iframe");
    await frame
      .getByText("Outdoor shop")
      .waitFor({ timeout: 30_000 })
      .catch(async (e) => {
        await page.screenshot({ path: join(shots, "player-first-frame-failed.png"), fullPage: true });
        const inFrame = await page
          .locator(".rr-player iframe")
          .evaluate((f) => (f as HTMLIFrameElement).contentDocument?.body?.textContent ?? "(no body)");
        throw new Error(`${e}\nurl ${page.url()}\nframe: ${inFrame.slice(0, 300)}`);
      });
    await page.screenshot({ path: join(shots, "player.png"), fullPage: true });
    await context.close();
  }, 90_000);
});

describe("recording the demo shop", () => {
  test("no typed secret leaves the browser; the session is stored with its aggregates and replays masked", async () => {
    const context = await shop.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const sent: { url: string; text: string }[] = [];
    page.on("request", (r) => {
      sent.push({ url: r.url(), text: bodyText(r) });
    });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    const sessionId = await recordingStarted(page, () =>
      page.goto(`${shop.app.url}/demo?key=${shop.projectKey}`),
    );
    await page.getByRole("button", { name: "Add to cart" }).first().click();
    await page.getByRole("button", { name: "Add to cart" }).nth(1).click();
    // A rage click: three quick clicks on the dead button.
    const dead = page.getByTestId("dead-button");
    for (let i = 0; i < 4; i++) await dead.click({ delay: 0 });
    await page.getByTestId("broken-button").click();
    await typeSecrets(page);
    await page.getByRole("button", { name: "Shop" }).click();
    await page.waitForTimeout(300);
    // Leaving the page hands the rest to sendBeacon.
    await page.goto("about:blank");
    expect(errors).toContain("Recommendation service is down");

    let lastSeen = "";
    const session = await until(
      () => `the session to be stored (last: ${lastSeen.slice(0, 600)})`,
      async () => {
        const res = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/recordings/${sessionId}`);
        lastSeen = `${res.status} ${await res.clone().text()}`;
        if (res.status !== 200) return null;
        const body = (await res.clone().json()) as {
          session: {
            fields: Record<string, number | string | boolean>;
            durationMs: number;
            chunkCount: number;
          };
          signals: { kind: string }[];
          chunks: { id: string }[];
        };
        return Number(body.session.fields.pageCount) >= 4 ? body : null;
      },
    );

    const ingest = sent.filter((s) => s.url.includes("/api/v1/ingest"));
    expect(ingest.length).toBeGreaterThan(0);
    for (const request of sent) {
      for (const [field, secret] of Object.entries(SECRETS)) {
        expect(request.text.includes(secret), `${field} leaked in a request to ${request.url}`).toBe(false);
        expect(request.url.includes(secret), `${field} leaked in a URL`).toBe(false);
      }
    }
    const all = ingest.map((s) => s.text).join("\n");
    expect(all).toContain("Outdoor shop"); // the page itself is recorded…
    expect(all).not.toContain("express"); // …but not the chosen option of a select

    const f = session.session.fields;
    expect(Number(f.pageCount)).toBeGreaterThanOrEqual(4); // shop, checkout, account, shop
    expect(Number(f.clickCount)).toBeGreaterThanOrEqual(8);
    expect(Number(f.errorCount)).toBe(1);
    expect(Number(f.rageCount)).toBe(1);
    expect(session.signals.filter((s) => s.kind === "rage")).toHaveLength(1);
    // Honest signals: the burst on the dead button is rage only, the button that throws an error
    // click only — neither is also a dead click.
    expect(session.signals.filter((s) => s.kind === "dead")).toEqual([]);
    expect(session.signals.filter((s) => s.kind === "errorclick")).toHaveLength(1);
    expect(session.session.durationMs).toBeGreaterThan(500);
    expect(f.hasFullSnapshot).toBe(true);
    expect(f.browser).toBe("chrome");

    // Replay: load every chunk into rrweb's Replayer and look at the replayed DOM.
    const events: unknown[] = [];
    expect(session.chunks).toHaveLength(session.session.chunkCount);
    for (const chunk of session.chunks) {
      const res = await shop.owner.fetch(
        `/api/v1/workspaces/${shop.slug}/recordings/${sessionId}/chunks/${chunk.id}`,
      );
      expect(res.status).toBe(200);
      // Sent as Content-Encoding: gzip, which fetch inflates.
      const batch = (await res.json()) as { events: { timestamp: number }[] };
      events.push(...batch.events);
    }
    events.sort((a, b) => (a as { timestamp: number }).timestamp - (b as { timestamp: number }).timestamp);
    const player = await context.newPage();
    await player.setContent("<html><body><div id=root></div></body></html>");
    await player.addScriptTag({
      content: readFileSync(
        join(import.meta.dirname, "../node_modules/rrweb/dist/rrweb.umd.min.cjs"),
        "utf8",
      ).replace("module.exports", "window.rrweb"),
    });
    const replayed = await player.evaluate(async (evs) => {
      const { Replayer } = (
        window as unknown as {
          rrweb: {
            Replayer: new (e: unknown[], o: object) => { pause(t: number): void; iframe: HTMLIFrameElement };
          };
        }
      ).rrweb;
      const replayer = new Replayer(evs, {
        root: document.getElementById("root"),
        skipInactive: true,
        showWarning: false,
      });
      type Ev = { timestamp: number; type: number; data: { source?: number } };
      const list = evs as Ev[];
      const start = list[0]!.timestamp;
      // While the person typed the password: the replayed field shows only mask characters.
      const lastInput = list.filter((e) => e.type === 3 && e.data.source === 5).at(-1)!;
      replayer.pause(lastInput.timestamp - start + 50);
      await new Promise((r) => setTimeout(r, 300));
      const values = [...replayer.iframe.contentDocument!.querySelectorAll("input")].map((i) => i.value);
      replayer.pause(list.at(-1)!.timestamp - start);
      await new Promise((r) => setTimeout(r, 300));
      const doc = replayer.iframe.contentDocument!;
      return { text: doc.body.textContent ?? "", html: doc.documentElement.outerHTML, values };
    }, events);
    expect(replayed.values.some((v) => v.length > 0 && /^\*+$/.test(v))).toBe(true);
    for (const v of replayed.values) expect(v).toMatch(/^\**$/);
    expect(replayed.text).toContain("Outdoor shop");
    for (const secret of Object.values(SECRETS)) expect(replayed.html).not.toContain(secret);
    await context.close();
  }, 90_000);
});

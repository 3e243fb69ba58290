import { request } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../tests/helpers/redis-server";
import { type RunningApp, startApp } from "./helpers/app";
import { HttpSession, signUp } from "./helpers/http";
import { shopForFile } from "./helpers/stage";
import { logIn, previewLevel2OnDemo } from "./helpers/ui";
import { recordingStarted, until } from "./helpers/wait";

/**
 * The app as the public internet meets it: security headers on every kind of response, a CSP the
 * player, the masking preview and the share page live with, forwarded headers believed only under
 * TRUST_PROXY, and share links that end for good.
 */

const PASSWORD = "correct horse battery";
const OWNER = "owner@security.test";
let sessionId: string;

const shop = shopForFile({
  email: OWNER,
  workspaceName: "Secure Shop",
  password: PASSWORD,
});
beforeAll(async () => {
  await recordDemoVisit();
  sessionId = await until("the demo visit listed", async () => {
    const res = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/recordings`);
    const { sessions } = (await res.json()) as { sessions: { id: string }[] };
    return sessions[0]?.id;
  });
  const sharing = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/settings/sharing`, {
    method: "PUT",
    json: { enabled: true, allowNever: false },
  });
  expect(sharing.status).toBe(200);
}, 600_000);

/** What the page's CSP refused, from the console of every frame and the top document's events. */
function watchCsp(page: Page): string[] {
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Refused to|Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  page.on("pageerror", (e) => refused.push(`pageerror: ${e.message}`));
  return refused;
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

async function newWatchedPage(context: Awaited<ReturnType<Browser["newContext"]>>) {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  return { page, refused: watchCsp(page) };
}

/** A visit to /demo recorded by the real SDK, which runs under the page's nonce CSP. */
async function recordDemoVisit(): Promise<void> {
  const context = await shop.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, refused } = await newWatchedPage(context);
  await recordingStarted(page, () => page.goto(`${shop.app.url}/demo?key=${shop.projectKey}`));
  await page.getByText("● Recording this visit").waitFor();
  await page.getByRole("button", { name: "Add to cart" }).first().click();
  await page.waitForTimeout(1500);
  await page.goto("about:blank");
  await page.waitForTimeout(500);
  expect(refused).toEqual([]);
  await context.close();
}

async function createShare(): Promise<string> {
  const res = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/shares`, {
    json: { kind: "recording", targetId: sessionId, expiry: "1d" },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

const pageCspOf = (res: Response) => res.headers.get("content-security-policy") ?? "";

function expectStaticHeaders(res: Response, referrer = "same-origin"): void {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe(referrer);
  // Served over plain http here, and no trusted proxy says otherwise.
  expect(res.headers.get("strict-transport-security")).toBeNull();
}

function expectPageCsp(res: Response, html: string): void {
  const csp = pageCspOf(res);
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("upgrade-insecure-requests");
  // Every script the page carries has this response's nonce.
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
}

describe("headers", () => {
  test("landing, login, dashboard and share pages carry a nonce CSP, no framing, nosniff and a referrer policy", async () => {
    const token = await createShare();
    const anonymous = new HttpSession(shop.app.url);
    const pages: [string, HttpSession, string?][] = [
      ["/", anonymous],
      ["/login", anonymous],
      [`/${shop.slug}/recordings`, shop.owner],
      [`/${shop.slug}/recordings/${sessionId}`, shop.owner],
      [`/${shop.slug}/settings/privacy`, shop.owner],
      [`/share/${token}`, anonymous, "no-referrer"],
    ];
    const nonces = new Set<string>();
    for (const [path, session, referrer] of pages) {
      const res = await session.fetch(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expectStaticHeaders(res, referrer);
      expectPageCsp(res, html);
      nonces.add(/'nonce-([^']+)'/.exec(pageCspOf(res))![1]!);
    }
    // A fresh nonce per response.
    expect(nonces.size).toBe(pages.length);
  });

  test("JSON answers forbid everything a document could do; the SDK's public routes stay open to any origin", async () => {
    for (const [path, session] of [
      ["/api/health", new HttpSession(shop.app.url)],
      ["/api/v1/me", shop.owner],
      [`/api/v1/workspaces/${shop.slug}/recordings`, shop.owner],
    ] as const) {
      const res = await session.fetch(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expectStaticHeaders(res);
    }
    const config = await fetch(`${shop.app.url}/api/v1/config?k=${shop.projectKey}`, {
      headers: { origin: "https://customer.example" },
    });
    expect(config.status).toBe(200);
    expect(config.headers.get("access-control-allow-origin")).toBe("*");
    expect(config.headers.get("x-content-type-options")).toBe("nosniff");
    const preflight = await fetch(`${shop.app.url}/api/v1/ingest?k=${shop.projectKey}`, {
      method: "OPTIONS",
      headers: {
        origin: "https://customer.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const loader = await fetch(`${shop.app.url}/sdk/loader.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get("content-type")).toContain("javascript");
    expect(loader.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("a forged X-Forwarded-Proto earns no HSTS without TRUST_PROXY", async () => {
    const res = await fetch(`${shop.app.url}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(pageCspOf(res)).not.toContain("upgrade-insecure-requests");
  });
});

describe("in Chromium under the CSP", () => {
  test("the player, the masking preview and the share page work with nothing refused", async () => {
    const token = await createShare();
    const { context } = await logIn(shop.browser, shop.app.url, { email: OWNER, password: PASSWORD });
    const { page, refused } = await newWatchedPage(context);

    await page.goto(`${shop.app.url}/${shop.slug}/recordings/${sessionId}`);
    await page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
    // The replay iframe rebuilt the recorded page, still sandboxed without scripts.
    const sandbox = await page.locator("iframe").first().getAttribute("sandbox");
    expect(sandbox ?? "").not.toContain("allow-scripts");
    const replayed = page.frameLocator("iframe").first();
    await until("the replay to show the demo shop", async () =>
      ((await replayed.locator("body").textContent()) ?? "").includes("Add to cart"),
    );

    await previewLevel2OnDemo(page, shop.app.url, shop.slug);
    expect(await cspViolations(page)).toEqual([]);

    const stranger = await shop.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const shared = await newWatchedPage(stranger);
    await shared.page.goto(`${shop.app.url}/share/${token}`);
    await shared.page.locator("[data-status=ready]").waitFor({ timeout: 30_000 });
    await shared.page.waitForTimeout(1000);
    expect(await cspViolations(shared.page)).toEqual([]);
    expect(shared.refused).toEqual([]);
    expect(refused).toEqual([]);
    await stranger.close();
    await context.close();
  }, 300_000);
});

describe("share links end for good", () => {
  const gone = async (token: string) => {
    const res = await fetch(`${shop.app.url}/share/${token}`);
    const html = await res.text();
    return { status: res.status, friendly: html.includes("This link no longer works") };
  };

  test("unknown, revoked and switched-off links answer 404 with the same friendly page", async () => {
    expect(await gone(`shr_${"A".repeat(32)}`)).toEqual({ status: 404, friendly: true });
    expect(await gone("not-a-token")).toEqual({ status: 404, friendly: true });

    const revoked = await createShare();
    expect((await gone(revoked)).status).toBe(200);
    const { shares } = (await (await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/shares`)).json()) as {
      shares: { id: string; createdAt: number }[];
    };
    const newest = shares.sort((a, b) => b.createdAt - a.createdAt)[0]!;
    const revoke = await shop.owner.fetch(`/api/v1/workspaces/${shop.slug}/shares/${newest.id}`, {
      method: "DELETE",
    });
    expect(revoke.status).toBe(200);
    expect(await gone(revoked)).toEqual({ status: 404, friendly: true });

    const live = await createShare();
    expect((await gone(live)).status).toBe(200);
    const policy = `/api/v1/workspaces/${shop.slug}/settings/sharing`;
    await shop.owner.fetch(policy, { method: "PUT", json: { enabled: false, allowNever: false } });
    expect(await gone(live)).toEqual({ status: 404, friendly: true });
    await shop.owner.fetch(policy, { method: "PUT", json: { enabled: true, allowNever: false } });
    expect(await gone(live)).toEqual({ status: 404, friendly: true });
    expect(await gone(revoked)).toEqual({ status: 404, friendly: true });
  });
});

/** A sign-up sent from a chosen local address, which fetch cannot choose. */
function signUpFrom(localAddress: string, port: number): Promise<number> {
  const body = JSON.stringify({
    email: `other-${Math.random().toString(36).slice(2)}@limit.test`,
    password: PASSWORD,
    workspaceName: "Other address",
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        localAddress,
        path: "/api/v1/signup",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("proxy trust", () => {
  const signUps = async (base: string, count: number, xff: (i: number) => string) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${base}/api/v1/signup`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": xff(i), "x-real-ip": xff(i) },
        body: JSON.stringify({
          email: `u${i}-${Math.random().toString(36).slice(2)}@limit.test`,
          password: PASSWORD,
          workspaceName: `Limit ${i}`,
        }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    return statuses;
  };

  test("without TRUST_PROXY a reset link ignores X-Forwarded-Host", async () => {
    const res = await fetch(`${shop.app.url}/api/v1/password/forgot`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
      },
      body: JSON.stringify({ email: OWNER }),
    });
    expect(res.status).toBe(200);
    const logged = await until(
      "the reset link in the server log",
      async () => /\S*\/reset\/rst_\S+/.exec(shop.app.output())?.[0],
    );
    expect(logged).toBe(`${shop.app.url}/reset/${logged.split("/reset/")[1]}`);
    expect(shop.app.output()).not.toContain("evil.example");
  });

  test("without TRUST_PROXY, 25 sign-ups from one socket with a different X-Forwarded-For each hit the limit", async () => {
    // The owner's sign-up was the first of this address's 20 an hour.
    const statuses = await signUps(shop.app.url, 25, (i) => `198.51.100.${i + 1}`);
    expect(statuses.filter((s) => s === 201)).toHaveLength(19);
    expect(statuses.slice(19)).toEqual([429, 429, 429, 429, 429, 429]);
    // The limit is the socket's: another address (127.0.0.2 is loopback too) still signs up.
    expect(await signUpFrom("127.0.0.2", shop.app.port)).toBe(201);
  }, 120_000);

  describe("behind one trusted proxy (TRUST_PROXY=1)", () => {
    let proxied: RunningApp;
    beforeAll(async () => {
      const port = await freePort();
      proxied = await startApp({
        port,
        env: { TRUST_PROXY: "1", NEXTAUTH_URL: `http://127.0.0.1:${port}` },
      });
    }, 600_000);
    afterAll(() => proxied?.stop({ removeData: true }));

    test("the address the proxy appended is the client: forged entries before it change nothing", async () => {
      // Different clients behind the proxy each get their own allowance.
      const distinct = await signUps(proxied.url, 21, (i) => `203.0.113.${i + 1}`);
      expect(distinct.every((s) => s === 201)).toBe(true);
      // One client varying what it claims before the proxy's entry is still one client.
      const one = await signUps(proxied.url, 22, (i) => `10.0.0.${i + 1}, 192.0.2.50`);
      expect(one.slice(0, 20).every((s) => s === 201)).toBe(true);
      expect(one.slice(20)).toEqual([429, 429]);
    }, 180_000);

    test("HSTS and upgrade-insecure-requests when the proxy says https; links still come from NEXTAUTH_URL", async () => {
      const res = await fetch(`${proxied.url}/login`, { headers: { "x-forwarded-proto": "https" } });
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      expect(pageCspOf(res)).toContain("upgrade-insecure-requests");
      const plain = await fetch(`${proxied.url}/login`, { headers: { "x-forwarded-proto": "http" } });
      expect(plain.headers.get("strict-transport-security")).toBeNull();

      const { session } = await signUp(proxied.url, {
        email: "reset@proxied.test",
        workspaceName: "Proxied",
      });
      expect(session.signedIn).toBe(true);
      await fetch(`${proxied.url}/api/v1/password/forgot`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-host": "evil.example" },
        body: JSON.stringify({ email: "reset@proxied.test" }),
      });
      const logged = await until(
        "the reset link in the server log",
        async () => /\S*\/reset\/rst_\S+/.exec(proxied.output())?.[0],
      );
      expect(logged.startsWith(`${proxied.url}/reset/`)).toBe(true);
      expect(proxied.output()).not.toContain("evil.example");
    }, 60_000);
  });
});

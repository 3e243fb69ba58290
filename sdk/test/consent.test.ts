import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { createClient } from "../src/client";
import type { Recorder } from "../src/recorder";

/** The public API in a stand-in browser: storage, location and fetch are stubbed, the recorder faked. */

function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  } as Storage;
}

let config: Record<string, unknown>;
const flush = () => new Promise((r) => setTimeout(r, 5));

beforeEach(() => {
  config = {
    enabled: true,
    sampleRate: 1,
    errorSampleRate: 0,
    idleTimeoutMs: 1_800_000,
    maxDurationMs: 86_400_000,
    minDurationMs: 0,
  };
  vi.stubGlobal("window", { localStorage: fakeStorage(), sessionStorage: fakeStorage() });
  vi.stubGlobal("location", { origin: "https://shop.example", href: "https://shop.example/" });
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(JSON.stringify(config), { status: 200 })),
  );
});
afterEach(() => vi.unstubAllGlobals());

function fakeRecorder() {
  const r = {
    start: vi.fn(),
    stop: vi.fn(),
    identify: vi.fn(),
    custom: vi.fn(),
    reset: vi.fn(),
    getSessionId: () => "sid",
    replayUrl: () => "https://app/replay/sid",
  };
  const load = vi.fn(async () => () => r as unknown as Recorder);
  return { r, load };
}

test("with requireConsent nothing is loaded or recorded until optIn", async () => {
  const { r, load } = fakeRecorder();
  const client = createClient(load);
  client.init("pk_test_key_1234", { requireConsent: true });
  await flush();
  expect(load).not.toHaveBeenCalled();
  client.optIn();
  await flush();
  expect(load).toHaveBeenCalledTimes(1);
  expect(r.start).toHaveBeenCalled();
});

test("consent given once is remembered by the next page", async () => {
  createClient(fakeRecorder().load).optIn();
  const { load } = fakeRecorder();
  createClient(load).init("pk_test_key_1234", { requireConsent: true });
  await flush();
  expect(load).toHaveBeenCalledTimes(1);
});

test("optOut stops at once, drops the unsent buffer, and is remembered", async () => {
  const { r, load } = fakeRecorder();
  const client = createClient(load);
  client.init("pk_test_key_1234");
  await flush();
  client.optOut();
  expect(r.stop).toHaveBeenCalledWith(true);
  const next = fakeRecorder();
  createClient(next.load).init("pk_test_key_1234");
  await flush();
  expect(next.load).not.toHaveBeenCalled();
});

test("a workspace that turned recording off loads nothing", async () => {
  config.enabled = false;
  const { load } = fakeRecorder();
  createClient(load).init("pk_test_key_1234");
  await flush();
  expect(load).not.toHaveBeenCalled();
});

test("an unsampled session never downloads the recorder", async () => {
  config.sampleRate = 0;
  const { load } = fakeRecorder();
  createClient(load).init("pk_test_key_1234");
  await flush();
  expect(load).not.toHaveBeenCalled();
});

test("calls made before the recorder arrived are applied once it has", async () => {
  const { r, load } = fakeRecorder();
  const client = createClient(load);
  client.identify("alice@example.com", { plan: "growth" });
  client.capture("checkout_started", { items: 2 });
  client.init("pk_test_key_1234");
  await flush();
  expect(r.identify).toHaveBeenCalledWith("alice@example.com", { plan: "growth" });
  expect(r.custom).toHaveBeenCalledWith("checkout_started", { items: 2 });
});

test("errors inside the SDK never reach the page", async () => {
  const { r, load } = fakeRecorder();
  r.identify.mockImplementation(() => {
    throw new Error("boom");
  });
  const client = createClient(load);
  client.init("pk_test_key_1234");
  await flush();
  expect(() => client.identify("x")).not.toThrow();
  const broken = createClient(async () => {
    throw new Error("network down");
  });
  expect(() => broken.init("pk_test_key_1234")).not.toThrow();
  await flush();
  expect(broken.getSessionId()).toBeNull();
});

test("an unreachable config endpoint still records, with the default masking", async () => {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => Promise.reject(new TypeError("offline"))),
  );
  const { load, r } = fakeRecorder();
  createClient(load).init("pk_test_key_1234");
  await flush();
  expect(load).toHaveBeenCalled();
  expect(r.start).toHaveBeenCalled();
});

test("a workspace on the site's own session ids records only with one, and under it", async () => {
  config.sessionIdSource = "site";
  const without = fakeRecorder();
  createClient(without.load).init("pk_test_key_1234");
  await flush();
  expect(without.load).not.toHaveBeenCalled();

  const withId = fakeRecorder();
  createClient(withId.load).init("pk_test_key_1234", { sessionId: "site-session-42" });
  await flush();
  expect(withId.load).toHaveBeenCalledTimes(1);
  expect(withId.r.start).toHaveBeenCalled();
});

test("an open page reads the remote config again every minute and hands it to the recorder", async () => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  try {
    vi.stubGlobal("document", { visibilityState: "visible" });
    const { r, load } = fakeRecorder();
    const applyConfig = vi.fn();
    Object.assign(r, { applyConfig });
    const client = createClient(load);
    client.init("pk_test_key_1234");
    await flush();
    expect(r.start).toHaveBeenCalledTimes(1);
    config = { ...config, masking: { level: 2 } };
    vi.advanceTimersByTime(60_000);
    await flush();
    expect(applyConfig).toHaveBeenCalledWith(expect.objectContaining({ masking: { level: 2 } }));
    const calls = (fetch as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls;
    expect(calls.at(-1)?.[1].cache).toBe("no-cache");
    // A hidden page does not ask.
    vi.stubGlobal("document", { visibilityState: "hidden" });
    const asked = calls.length;
    vi.advanceTimersByTime(60_000);
    await flush();
    expect(calls.length).toBe(asked);
  } finally {
    vi.useRealTimers();
  }
});

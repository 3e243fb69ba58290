import { expect, test } from "vitest";
import { SessionManager } from "../src/session";
import type { KeyValueStore } from "../src/shared";

const memory = (): KeyValueStore => {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) };
};

function setup(options: { idle?: number; maxAge?: number; fixed?: string } = {}) {
  let now = 1_800_000_000_000;
  const shared = memory();
  const make = () =>
    new SessionManager(
      shared,
      memory(),
      {
        idleTimeoutMs: options.idle ?? 30 * 60_000,
        maxAgeMs: options.maxAge ?? 24 * 3600_000,
        fixedSessionId: options.fixed,
      },
      () => now,
    );
  return { make, advance: (ms: number) => (now += ms) };
}

test("tabs of one site share the session id but not the window id", () => {
  const { make } = setup();
  const a = make().current();
  const b = make().current();
  expect(b.sessionId).toBe(a.sessionId);
  expect(b.windowId).not.toBe(a.windowId);
});

test("activity keeps the session; 30 minutes idle starts a new one", () => {
  const { make, advance } = setup();
  const m = make();
  const first = m.current().sessionId;
  for (let i = 0; i < 10; i++) {
    advance(10 * 60_000);
    expect(m.touch().state.sessionId).toBe(first);
  }
  advance(31 * 60_000);
  const after = m.touch();
  expect(after.rotated).toBe(true);
  expect(after.state.sessionId).not.toBe(first);
});

test("a session ends after its maximum age even when active", () => {
  const { make, advance } = setup({ maxAge: 60 * 60_000 });
  const m = make();
  const first = m.current().sessionId;
  for (let i = 0; i < 13; i++) {
    advance(5 * 60_000);
    m.touch();
  }
  expect(m.current().sessionId).not.toBe(first);
});

test("session ids are UUIDv7: time-ordered and unique", () => {
  const { make, advance } = setup();
  const m = make();
  const a = m.start().sessionId;
  advance(5);
  const b = m.start().sessionId;
  expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(a < b).toBe(true);
});

test("a caller-supplied session id is honoured and never rotated away", () => {
  const { make, advance } = setup({ fixed: "crm-session-42" });
  const m = make();
  expect(m.current().sessionId).toBe("crm-session-42");
  advance(2 * 3600_000);
  expect(m.touch().state.sessionId).toBe("crm-session-42");
});

test("reset (start) begins a new session at once", () => {
  const { make } = setup();
  const m = make();
  const first = m.current().sessionId;
  expect(m.start().sessionId).not.toBe(first);
  expect(make().current().sessionId).not.toBe(first);
});

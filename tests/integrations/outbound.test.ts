import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { resetEnvCache } from "@/lib/env";
import {
  isPrivateAddress,
  OutboundError,
  outboundFetch,
  outboundUrlProblem,
  retryAfterMs,
} from "@/lib/integrations/outbound";
import { type FakeApi, startFake } from "./fakes/server";

/** The outbound guard: https only, no private addresses (after DNS too), time and size limits, no redirects. */

let fake: FakeApi;

const allow = (hosts: string) => {
  process.env.REWIND_OUTBOUND_ALLOW_HOSTS = hosts;
  resetEnvCache();
};

beforeAll(async () => {
  fake = await startFake((r) => {
    if (r.path === "/big") return { status: 200, body: "x".repeat(64 * 1024) };
    if (r.path === "/redirect")
      return { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data" } };
    return { status: 200, body: { ok: true, got: r.body } };
  });
});
afterAll(() => fake.close());
beforeEach(() => allow(""));

test("private, loopback, link-local and reserved addresses are recognised, IPv4 and IPv6", () => {
  for (const a of [
    "10.1.2.3",
    "127.0.0.1",
    "169.254.169.254",
    "172.20.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::",
  ])
    expect(isPrivateAddress(a), a).toBe(true);
  for (const a of ["140.82.112.3", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
    expect(isPrivateAddress(a), a).toBe(false);
});

test("only https, and no private address or localhost name, unless the host is allowed", () => {
  expect(outboundUrlProblem("http://hooks.example.com/x")).toMatch(/https/);
  expect(outboundUrlProblem("ftp://hooks.example.com/x")).toMatch(/https/);
  expect(outboundUrlProblem("https://10.0.0.5/hook")).toMatch(/private/);
  expect(outboundUrlProblem("https://[::1]/hook")).toMatch(/private/);
  expect(outboundUrlProblem("https://localhost/hook")).toMatch(/private/);
  expect(outboundUrlProblem("https://user:pw@hooks.example.com/")).toMatch(/password/);
  expect(outboundUrlProblem("not a url")).toMatch(/not a URL/);
  expect(outboundUrlProblem("https://hooks.example.com/x")).toBeNull();
  allow(fake.hostPort);
  expect(outboundUrlProblem(`${fake.url}/x`)).toBeNull();
  // Allowing one port of a host allows no other.
  expect(outboundUrlProblem("http://127.0.0.1:1/x")).toMatch(/https/);
});

test("a refused address is never connected to", async () => {
  await expect(outboundFetch(`${fake.url}/x`)).rejects.toMatchObject({ kind: "blocked" });
  await expect(outboundFetch("https://127.0.0.1:1/x")).rejects.toBeInstanceOf(OutboundError);
  expect(fake.received).toHaveLength(0);
});

/** Names this machine's /etc/hosts maps to loopback, other than "localhost" (refused by name already). */
const loopbackNames = (() => {
  try {
    return readFileSync("/etc/hosts", "utf8")
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter(([ip]) => ip?.startsWith("127."))
      .flatMap(([, ...names]) => names.filter((n) => !/localhost/i.test(n)));
  } catch {
    return [];
  }
})();

test.skipIf(loopbackNames.length === 0)(
  "a name that resolves to a private address is refused after DNS",
  async () => {
    // Only the check of the resolved address can refuse these names.
    for (const name of loopbackNames.slice(0, 2)) {
      const error = await outboundFetch(`https://${name}:${fake.hostPort.split(":")[1]}/x`).catch((e) => e);
      expect(error).toBeInstanceOf(OutboundError);
      expect(error.message).toMatch(/resolves to a private or local address \(127\./);
    }
    expect(fake.received).toHaveLength(0);
  },
);

test("an allowed host is called and its answer read", async () => {
  allow(fake.hostPort);
  const res = await outboundFetch(`${fake.url}/echo`, { method: "POST", body: "hello" });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual({ ok: true, got: "hello" });
});

test("redirects are not followed", async () => {
  allow(fake.hostPort);
  const error = await outboundFetch(`${fake.url}/redirect`).catch((e) => e);
  expect(error).toBeInstanceOf(OutboundError);
  expect(error.message).toMatch(/redirect \(302\)/);
  expect(
    fake.received.filter((r) => r.path !== "/redirect" && r.path !== "/echo" && r.path !== "/x"),
  ).toHaveLength(0);
});

test("an answer larger than the cap is cut off", async () => {
  allow(fake.hostPort);
  await expect(outboundFetch(`${fake.url}/big`, { maxBytes: 1024 })).rejects.toThrow(/more than 1024 bytes/);
});

test("a receiver that never answers fails after the time limit", async () => {
  allow(fake.hostPort);
  fake.failNext({ status: 0, hang: true });
  const started = Date.now();
  const error = await outboundFetch(`${fake.url}/slow`, { timeoutMs: 300 }).catch((e) => e);
  expect(error).toMatchObject({ kind: "network" });
  expect(error.message).toMatch(/did not answer within 0.3 s/);
  expect(Date.now() - started).toBeLessThan(5000);
});

test("Retry-After is read as seconds or as a date", () => {
  expect(retryAfterMs({ "retry-after": "3" })).toBe(3000);
  const now = Date.parse("2026-01-01T00:00:00Z");
  expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:10 GMT" }, now)).toBe(10_000);
  expect(retryAfterMs({})).toBeNull();
});

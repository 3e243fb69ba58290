import { afterEach, beforeAll, expect, test } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { countryOf, countryOfAddress } from "@/lib/ingest/location";
import { stampPeerAddresses } from "@/lib/peer-stamp";
import { PEER_HEADER } from "@/lib/request-origin";

/** Country without a CDN: the client IP (as TRUST_PROXY says) in the offline database. */

beforeAll(() => {
  stampPeerAddresses();
});

afterEach(() => {
  delete process.env.TRUST_PROXY;
  resetEnvCache();
});

const from = (peer: string, sent: Record<string, string> = {}) =>
  new Headers({ ...sent, [PEER_HEADER]: `http ${peer}` });

test("a public client address is placed in its country", () => {
  expect(countryOf(from("8.8.8.8"))).toBe("US");
  expect(countryOf(from("::ffff:81.2.69.142"))).toBe("GB");
  expect(countryOf(from("2a00:1450:4001::1"))).toBe("DE");
});

test("private, loopback and unreadable addresses are unknown, not a guess", () => {
  expect(countryOf(from("127.0.0.1"))).toBe("unknown");
  expect(countryOf(from("10.1.2.3"))).toBe("unknown");
  expect(countryOf(from("::1"))).toBe("unknown");
  expect(countryOfAddress("unknown")).toBe("unknown");
  expect(countryOfAddress("not an ip")).toBe("unknown");
});

test("a forwarded address counts only behind a trusted proxy", () => {
  const viaProxy = from("127.0.0.1", { "x-forwarded-for": "81.2.69.142" });
  expect(countryOf(viaProxy)).toBe("unknown");
  process.env.TRUST_PROXY = "127.0.0.1";
  resetEnvCache();
  expect(countryOf(viaProxy)).toBe("GB");
});

test("the edge's country header wins over the address, and its 'XX' means unknown", () => {
  expect(countryOf(from("8.8.8.8", { "cf-ipcountry": "fr" }))).toBe("FR");
  expect(countryOf(from("8.8.8.8", { "x-vercel-ip-country": "DE" }))).toBe("DE");
  expect(countryOf(from("8.8.8.8", { "cf-ipcountry": "XX" }))).toBe("US");
});

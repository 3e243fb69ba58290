import { afterEach, beforeAll, expect, test } from "vitest";
import { appUrl } from "@/lib/email";
import { resetEnvCache } from "@/lib/env";
import { stampPeerAddresses } from "@/lib/peer-stamp";
import { clientIp, PEER_HEADER, requestHost, requestOrigin, requestProto } from "@/lib/request-origin";

/** Who sent a request and where to: forwarded headers count only under TRUST_PROXY. */

beforeAll(() => {
  stampPeerAddresses();
});

afterEach(() => {
  delete process.env.TRUST_PROXY;
  delete process.env.NEXTAUTH_URL;
  resetEnvCache();
});

function trust(value: string) {
  process.env.TRUST_PROXY = value;
  resetEnvCache();
}

/** Headers as the app sees them: the peer stamp from the socket plus what the client sent. */
const from = (peer: string, sent: Record<string, string> = {}, tls = false) =>
  new Headers({ host: "rewind.example.com", ...sent, [PEER_HEADER]: `${tls ? "https" : "http"} ${peer}` });

const forged = {
  "x-forwarded-for": "9.9.9.9, 8.8.8.8",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
  "x-real-ip": "7.7.7.7",
};

test("without TRUST_PROXY the socket decides: forwarded headers are ignored", () => {
  const headers = from("::ffff:203.0.113.5", forged);
  expect(clientIp(headers)).toBe("203.0.113.5");
  expect(requestHost(headers)).toBe("rewind.example.com");
  expect(requestProto(headers)).toBe("http");
  expect(requestProto(from("203.0.113.5", forged, true))).toBe("https");
});

test("a hop count believes that many proxies, nearest first", () => {
  trust("1");
  const headers = from("10.0.0.2", forged);
  // The proxy appended the address it saw last; anything before it is the client's own claim.
  expect(clientIp(headers)).toBe("8.8.8.8");
  expect(requestHost(headers)).toBe("evil.example");
  expect(requestProto(headers)).toBe("https");
  trust("2");
  expect(clientIp(headers)).toBe("9.9.9.9");
  trust("5");
  // More hops than the chain: the farthest address is the best there is.
  expect(clientIp(headers)).toBe("9.9.9.9");
});

test("a CIDR list believes only peers inside it", () => {
  trust("10.0.0.0/8, 127.0.0.1");
  expect(clientIp(from("10.1.2.3", forged))).toBe("8.8.8.8");
  expect(requestHost(from("10.1.2.3", forged))).toBe("evil.example");
  // A chain of trusted proxies is walked until the first address outside the list.
  expect(clientIp(from("127.0.0.1", { "x-forwarded-for": "198.51.100.7, 10.9.9.9" }))).toBe("198.51.100.7");
  // A peer outside the list is the client, whatever it forwards.
  const stranger = from("198.51.100.1", forged);
  expect(clientIp(stranger)).toBe("198.51.100.1");
  expect(requestHost(stranger)).toBe("rewind.example.com");
  expect(requestProto(stranger)).toBe("http");
  trust("2001:db8::/32");
  expect(clientIp(from("2001:db8::1", { "x-forwarded-for": "[2001:db9::5]:4431" }))).toBe("2001:db9::5");
});

test("garbage in forwarded headers never becomes an address or a host", () => {
  trust("1");
  expect(clientIp(from("10.0.0.2", { "x-forwarded-for": "not-an-ip" }))).toBe("unknown");
  expect(requestHost(from("10.0.0.2", { "x-forwarded-host": "evil.example/path@x" }))).toBeNull();
  expect(requestOrigin(from("10.0.0.2", { "x-forwarded-host": "a b" }))).toBe("http://localhost");
});

test("a client's own peer header is replaced by the socket's address", async () => {
  const { createServer } = await import("node:http");
  const server = createServer((req, res) => {
    res.end(String(req.headers[PEER_HEADER]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const answer = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "https 6.6.6.6" } });
  expect(await answer.text()).toBe("http 127.0.0.1");
  await new Promise((resolve) => server.close(resolve));
});

test("links ignore X-Forwarded-Host: NEXTAUTH_URL when set, else the request's own host", () => {
  const request = new Request("http://rewind.example.com/api/v1/password/forgot", {
    headers: from("203.0.113.5", forged),
  });
  expect(appUrl(request, "/reset/rst_x")).toBe("http://rewind.example.com/reset/rst_x");
  process.env.NEXTAUTH_URL = "https://rewind.example.org";
  resetEnvCache();
  expect(appUrl(request, "/reset/rst_x")).toBe("https://rewind.example.org/reset/rst_x");
});

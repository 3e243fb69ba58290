import { BlockList, isIP } from "node:net";
import { env, type ProxyTrust } from "@/lib/env";

/**
 * The one place that decides who sent a request (client address) and where it was sent to (host,
 * http or https). `X-Forwarded-For/-Host/-Proto` are believed only under TRUST_PROXY: anyone can
 * send them, so without a proxy of ours in front they say nothing.
 *
 * Route handlers see no socket, so `lib/peer-stamp.ts` (installed at start by instrumentation.ts)
 * writes the socket's address into PEER_HEADER on every request, replacing whatever a client sent.
 * Where it is not installed (e.g. a serverless platform) the header is not read at all.
 */
export const PEER_HEADER = "x-rewind-peer";
export const PEER_STAMPED = Symbol.for("rewind.peer-stamped");

/** Stands for the peer when nothing stamped it: the platform's own proxy. */
const UNSTAMPED = "unstamped";

/** What reading a request's headers needs: a web `Headers`, or the ingest layer's view of node's. */
export type HeaderSource = Pick<Headers, "get">;

interface Peer {
  address: string | null;
  tls: boolean;
}

function peer(headers: HeaderSource): Peer {
  const stamped = (globalThis as Record<symbol, unknown>)[PEER_STAMPED] === true;
  const value = stamped ? headers.get(PEER_HEADER) : null;
  if (!value) return { address: null, tls: false };
  const [proto, address = ""] = value.split(" ");
  return { address: normalizeAddress(address), tls: proto === "https" };
}

/** An IP as written in logs and limit keys: IPv4-mapped IPv6 as plain IPv4, ports and brackets gone. */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a.toLowerCase() : null;
}

const blockLists = new Map<string, BlockList>();

function trustedRanges(cidrs: string[]): BlockList {
  const cacheKey = cidrs.join(",");
  let list = blockLists.get(cacheKey);
  if (!list) {
    list = new BlockList();
    for (const entry of cidrs) {
      const [address = "", bits] = entry.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    blockLists.set(cacheKey, list);
  }
  return list;
}

/** Whether the hop `distance` steps from us (0 = the peer) is a proxy we trust. */
function isTrustedHop(trust: ProxyTrust, address: string, distance: number): boolean {
  if (trust.kind === "none") return false;
  if (trust.kind === "hops") return distance < trust.hops;
  if (address === UNSTAMPED) return false;
  const ip = normalizeAddress(address);
  return ip !== null && trustedRanges(trust.cidrs).check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
}

/** Comma-separated values of a header, at most 64 of them (a proxy chain is never that long). */
const listOf = (value: string | null) =>
  (value ?? "")
    .split(",")
    .slice(-64)
    .map((s) => s.trim())
    .filter(Boolean);

/** The client's IP, or "unknown" when it cannot be told (a limit key, never trusted for anything else). */
export function clientIp(headers: HeaderSource): string {
  const trust = env().TRUST_PROXY;
  const direct = peer(headers).address;
  if (trust.kind === "none") return direct ?? "unknown";
  // Nearest last: each proxy appends the address it was called from.
  const chain = [...listOf(headers.get("x-forwarded-for")), direct ?? UNSTAMPED];
  for (let i = chain.length - 1; i > 0; i--) {
    if (!isTrustedHop(trust, chain[i]!, chain.length - 1 - i))
      return normalizeAddress(chain[i]!) ?? "unknown";
  }
  return normalizeAddress(chain[0]!) ?? "unknown";
}

/** Whether the forwarded host and proto come from a proxy we trust (it is our peer). */
function peerIsTrustedProxy(headers: Headers): boolean {
  return isTrustedHop(env().TRUST_PROXY, peer(headers).address ?? UNSTAMPED, 0);
}

const HOST_PATTERN = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The host the request was sent to (the trusted proxy's X-Forwarded-Host, else Host), or null. */
export function requestHost(headers: Headers): string | null {
  const forwarded = peerIsTrustedProxy(headers) ? listOf(headers.get("x-forwarded-host")).at(-1) : undefined;
  const host = forwarded ?? headers.get("host") ?? "";
  return HOST_PATTERN.test(host) ? host : null;
}

/** "https" when the client's connection was TLS: to us, or to the trusted proxy in front. */
export function requestProto(headers: Headers): "http" | "https" {
  if (peerIsTrustedProxy(headers)) {
    const forwarded = listOf(headers.get("x-forwarded-proto")).at(-1)?.toLowerCase();
    if (forwarded === "https" || forwarded === "http") return forwarded;
  }
  return peer(headers).tls ? "https" : "http";
}

/** The origin the client used, e.g. https://rewind.example.com (localhost when the host is unusable). */
export function requestOrigin(headers: Headers): string {
  return `${requestProto(headers)}://${requestHost(headers) ?? "localhost"}`;
}

import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";

/**
 * Every call Rewind makes to a third party (GitHub, Linear, Jira, Slack, webhooks) goes through
 * here, because the addresses come from admins and the server must not become a way into its own
 * network: https only, no private, loopback or link-local address (every address a name resolves
 * to is checked, and the connection goes to the checked address, so a name cannot re-resolve in
 * between), a time limit, a cap on the answer's size, and no redirects. Hosts listed in
 * REWIND_OUTBOUND_ALLOW_HOSTS (tests, on-premises trackers) may use http and private addresses.
 */

export const OUTBOUND_TIMEOUT_MS = 10_000;
export const OUTBOUND_MAX_BYTES = 1024 * 1024;

/** Why a call did not get an answer: refused here, or the network failed. Not an HTTP error status. */
export class OutboundError extends Error {
  constructor(
    message: string,
    /** "blocked": refused before connecting (retrying cannot help); "network": timeout, reset, refused. */
    readonly kind: "blocked" | "network",
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The answer as received (binary answers such as fonts). */
  bytes: Buffer;
}

export interface OutboundRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** Plain http to public addresses too (fetching a recorded site's stylesheets: lib/assets). */
  allowHttp?: boolean;
  /** Answer a redirect with its status and Location instead of refusing; the caller checks the next hop. */
  returnRedirects?: boolean;
}

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, bits, "ipv6");

/** Whether an address is one the internet cannot reach (private, loopback, link-local, reserved). */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return blocked.check(address, "ipv4");
  if (version !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  return blocked.check(address, "ipv6");
}

function allowedHost(url: URL): boolean {
  const list = env().REWIND_OUTBOUND_ALLOW_HOSTS;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return list.includes(host) || list.includes(`${host}:${port}`);
}

/** Why Rewind will not call this address, or null when it may (before DNS: see guardedLookup). */
export function outboundUrlProblem(raw: string, allowHttp = false): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.username || url.password) return "must not carry a user name or password";
  const allowed = allowedHost(url);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && (allowed || allowHttp)))
    return allowHttp ? "must start with http:// or https://" : "must start with https://";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowed && isIP(host) && isPrivateAddress(host)) return "points at a private or local address";
  if (!allowed && /(^|\.)localhost$/i.test(host)) return "points at a private or local address";
  return null;
}

/** DNS lookup for the connection: every address the name has must be public, and the socket uses them. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as unknown as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad || list.length === 0) {
        const refusal = new OutboundError(
          `${hostname} resolves to a private or local address (${bad?.address ?? "none"}); Rewind does not call those.`,
          "blocked",
        );
        return callback(refusal as NodeJS.ErrnoException, "", 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** One request with the guards above. Resolves with any HTTP status; rejects with OutboundError. */
export function outboundFetch(raw: string, init: OutboundRequest = {}): Promise<OutboundResponse> {
  const problem = outboundUrlProblem(raw, init.allowHttp);
  if (problem) return Promise.reject(new OutboundError(`The address ${problem}.`, "blocked"));
  const url = new URL(raw);
  const allowed = allowedHost(url);
  const timeoutMs = init.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const maxBytes = init.maxBytes ?? OUTBOUND_MAX_BYTES;
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
    const req = send(
      url,
      {
        method: init.method ?? (body ? "POST" : "GET"),
        headers: {
          "user-agent": "Rewind-Integrations/1",
          ...init.headers,
          ...(body && { "content-length": String(body.byteLength) }),
        },
        lookup: guardedLookup(allowed),
        timeout: timeoutMs,
      },
      (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        res.on("data", (part: Buffer) => {
          size += part.byteLength;
          if (size > maxBytes) {
            req.destroy(new OutboundError(`${url.host} answered more than ${maxBytes} bytes.`, "network"));
            return;
          }
          parts.push(part);
        });
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const bytes = Buffer.concat(parts);
          if (status >= 300 && status < 400 && !init.returnRedirects) {
            reject(
              new OutboundError(
                `${url.host} answered with a redirect (${status}); Rewind does not follow redirects. Use the final address.`,
                "blocked",
              ),
            );
            return;
          }
          resolve({ status, headers: res.headers, text: bytes.toString("utf8"), bytes });
        });
        res.on("error", (error) => reject(asOutbound(error, url)));
      },
    );
    const deadline = setTimeout(
      () =>
        req.destroy(new OutboundError(`${url.host} did not answer within ${timeoutMs / 1000} s.`, "network")),
      timeoutMs,
    );
    req.on("timeout", () =>
      req.destroy(new OutboundError(`${url.host} did not answer within ${timeoutMs / 1000} s.`, "network")),
    );
    req.on("error", (error) => {
      clearTimeout(deadline);
      reject(asOutbound(error, url));
    });
    req.on("close", () => clearTimeout(deadline));
    req.end(body);
  });
}

function asOutbound(error: Error, url: URL): OutboundError {
  if (error instanceof OutboundError) return error;
  return new OutboundError(`Could not reach ${url.host}: ${error.message}.`, "network");
}

/** Seconds a 429/503 asks us to wait (Retry-After as seconds or an HTTP date), or null. */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | null {
  const raw = headers["retry-after"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

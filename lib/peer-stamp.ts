import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import { PEER_HEADER, PEER_STAMPED } from "./request-origin";

/**
 * Writes each request's socket address (and whether it came over TLS) into PEER_HEADER before any
 * handler sees it, replacing a value a client may have sent. Next.js gives route handlers no
 * socket and fills X-Forwarded-For from the socket only when a client did not send one, so this
 * is the only trustworthy record of who is connected. Installed once, from instrumentation.ts.
 */
export function stampPeerAddresses(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[PEER_STAMPED]) return;
  for (const server of [http.Server.prototype, https.Server.prototype]) {
    const emit = server.emit;
    server.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as IncomingMessage;
        const tls = (request.socket as TLSSocket).encrypted === true;
        request.headers[PEER_HEADER] = `${tls ? "https" : "http"} ${request.socket.remoteAddress ?? ""}`;
      }
      return Reflect.apply(emit, this, [event, ...args]);
    } as typeof emit;
  }
  g[PEER_STAMPED] = true;
}

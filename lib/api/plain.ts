import type { IncomingMessage } from "node:http";
import type { HeaderSource } from "@/lib/request-origin";
import { BodyCollector, readCapped } from "./body";
import type { ApiError } from "./errors";

/**
 * A request and its answer without the web `Request`/`Response`/`Headers`/streams: what the ingest
 * layer in front of Next (scripts/ingest-layer.mjs) hands the ingest route's core, straight from
 * node's `IncomingMessage`. Building the web objects over node's stream (`Readable.toWeb`, undici's
 * headers) cost the request thread more per batch than the route's own work (docs/ARCHITECTURE.md
 * §10, session 13). Next's route goes through the same core by adapting its web `Request`
 * (`fromWebRequest`), so every rule (key, rate limit, caps, error shape, CORS) has one copy.
 */

export interface PlainRequest {
  /** The query string's parameters. */
  searchParams: URLSearchParams;
  headers: HeaderSource;
  /**
   * The whole body, at most `limit` bytes (`tooLarge` past it, by the declared length or the bytes
   * that came), in an ArrayBuffer of its own (transferable). Rejects with an `aborted` error when
   * the client goes away first.
   */
  body(limit: number, tooLarge: (declared: number | null) => ApiError): Promise<Uint8Array>;
  /** The client went away (an abort, a reset) before its body arrived. */
  aborted(): boolean;
}

export function fromWebRequest(request: Request): PlainRequest {
  return {
    searchParams: new URL(request.url).searchParams,
    headers: request.headers,
    body: (limit, tooLarge) => readCapped(request, limit, tooLarge),
    aborted: () => request.signal.aborted,
  };
}

/** node's parsed headers (lower-case names; the peer stamp already replaced a client's `x-rewind-peer`). */
function nodeHeaders(req: IncomingMessage): HeaderSource {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The body read from node's 'data' events into one buffer (sized by Content-Length when declared),
 * as a plain node server reads it: no web stream in between.
 */
function readNodeBody(
  req: IncomingMessage,
  limit: number,
  tooLarge: (declared: number | null) => ApiError,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // Throws (so rejects) at once when the declared length is over the limit: nothing is read.
    const collector = new BodyCollector(Number(req.headers["content-length"] ?? Number.NaN), limit, tooLarge);
    const done = (error: Error | null) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      if (error) {
        // Nothing more is read: the answer closes the connection (the layer sees !req.complete).
        req.pause();
        reject(error);
      } else resolve(collector.bytes());
    };
    const onData = (chunk: Buffer) => {
      try {
        collector.push(chunk);
      } catch (error) {
        done(error as Error);
      }
    };
    const onEnd = () => done(null);
    const onError = (error: Error) => done(error);
    const onClose = () => {
      if (!req.complete) done(new Error("aborted"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

export function fromNodeRequest(req: IncomingMessage): PlainRequest {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  return {
    searchParams: new URLSearchParams(q === -1 ? "" : url.slice(q + 1)),
    headers: nodeHeaders(req),
    body: (limit, tooLarge) => readNodeBody(req, limit, tooLarge),
    aborted: () => req.destroyed && !req.complete,
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small HTTP server standing in for a provider's API in tests. Each fake (github.ts, linear.ts,
 * jira.ts, slack.ts, webhook.ts) checks requests the way the provider documents them and answers
 * like it; a test can queue failures (401, 429 with Retry-After, 5xx, a hang) before the next answers.
 */

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (to test time limits). */
  hang?: boolean;
}

export interface FakeApi {
  url: string;
  hostPort: string;
  received: Received[];
  /** Answers to give before the fake's own, in order. */
  failNext(...answers: Scripted[]): void;
  close(): Promise<void>;
}

export type Handler = (req: Received) => Scripted;

export async function startFake(handler: Handler): Promise<FakeApi> {
  const received: Received[] = [];
  const queued: Scripted[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (p: Buffer) => parts.push(p));
    req.on("end", () => {
      const r: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(parts).toString("utf8"),
        at: Date.now(),
      };
      received.push(r);
      const answer = queued.shift() ?? handler(r);
      if (answer.hang) {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(
        answer.body === undefined
          ? ""
          : typeof answer.body === "string"
            ? answer.body
            : JSON.stringify(answer.body),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    received,
    failNext: (...answers) => queued.push(...answers),
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (r: Received) => JSON.parse(r.body || "null") as Record<string, unknown>;

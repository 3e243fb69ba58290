import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { normalize } from "@/lib/storage/kv/redis";
import type { Reply } from "@/lib/storage/kv/types";

/**
 * A test stand-in for Upstash's REST API in front of a real Redis: single commands (POST /),
 * /pipeline, /multi-exec, bearer auth, `Upstash-Encoding: base64`, and per-command error replies.
 */

export interface UpstashBridge {
  url: string;
  token: string;
  requests: number;
  close(): Promise<void>;
}

type Answer = { result: unknown } | { error: string };

function encode(reply: Reply, base64: boolean): unknown {
  if (!base64) return reply;
  if (typeof reply === "string")
    return reply === "OK" ? reply : Buffer.from(reply, "utf8").toString("base64");
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64));
  return reply;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function isCommand(value: unknown): value is (string | number)[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
  );
}

export async function startUpstashBridge(
  redisUrl: string,
  token = "test-upstash-token",
): Promise<UpstashBridge> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const state = { requests: 0 };

  async function runOne(cmd: (string | number)[]): Promise<Answer> {
    try {
      const [name, ...args] = cmd.map(String);
      return { result: normalize(await redis.call(name!, ...args)) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function runMulti(cmds: (string | number)[][]): Promise<Answer[]> {
    const multi = redis.multi();
    for (const cmd of cmds) {
      const [name, ...args] = cmd.map(String);
      multi.call(name!, ...args);
    }
    try {
      const results = (await multi.exec()) ?? [];
      return results.map(([error, reply]) =>
        error ? { error: error.message } : { result: normalize(reply) },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return cmds.map(() => ({ error: message }));
    }
  }

  const server: Server = createServer(async (req, res) => {
    state.requests++;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Unauthorized" });
    if (req.method !== "POST") return send(405, { error: "Method not allowed" });
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(400, { error: "ERR failed to parse request body as JSON" });
    }
    const encoded = (a: Answer) => ("result" in a ? { result: encode(a.result as Reply, base64) } : a);
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
        return send(400, { error: "ERR the body must be a non-empty array of commands" });
      }
      const answers =
        path === "/multi-exec" ? await runMulti(body) : await Promise.all(body.map((cmd) => runOne(cmd)));
      return send(200, answers.map(encoded));
    }
    if (path !== "/") return send(404, { error: "Not found" });
    if (!isCommand(body)) return send(400, { error: "ERR the body must be a command array" });
    const answer = await runOne(body);
    return "error" in answer ? send(400, answer) : send(200, encoded(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    get requests() {
      return state.requests;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit();
    },
  };
}

import { createServer, type IncomingMessage, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST } from "@/app/api/v1/ingest/route";
import type { PlainResponse } from "@/lib/api/answer";
import { ApiError } from "@/lib/api/errors";
import { fromNodeRequest } from "@/lib/api/plain";
import { getSession } from "@/lib/data/sessions";
import { ownBuffer } from "@/lib/ingest/prepare";
import { batch, click, fullSnapshot, meta, pageview, T0 } from "../helpers/batches";
import { freshWorkspace } from "../helpers/workspace";

// The ingest layer (scripts/ingest-layer.mjs) hands node's own request to the route's core
// (`POST.fromNode`): these run it behind a real node:http server on loopback.

let server: Server;
let port: number;
/** What each request to the test server does with node's request. */
let handle: (req: IncomingMessage) => Promise<PlainResponse>;

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req).then(
      (answer) => res.writeHead(answer.status, answer.headers).end(answer.body ?? undefined),
      (error: Error) => res.writeHead(599).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(
  path: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const tooLarge = (declared: number | null) =>
  new ApiError("payload_too_large", declared === null ? "over, by the bytes" : `over, declared ${declared}`);

/** Answers with what `body(limit)` read: its size, and whether it owns its whole buffer. */
const readWith = (limit: number) => async (req: IncomingMessage) => {
  try {
    const bytes = await fromNodeRequest(req).body(limit, tooLarge);
    const text = JSON.stringify({
      size: bytes.byteLength,
      owned: ownBuffer(bytes) !== null,
      first: bytes[0],
    });
    return { status: 200, headers: {}, body: text };
  } catch (error) {
    return { status: (error as ApiError).status ?? 500, headers: {}, body: (error as Error).message };
  }
};

describe("a body read from node's request", () => {
  test("with a declared length: read whole into a buffer of its own", async () => {
    handle = readWith(1024 * 1024);
    const res = await send("/x", Buffer.alloc(200_000, 7));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ size: 200_000, owned: true, first: 7 });
  });

  test("sent chunked, without a length: read whole into a buffer of its own", async () => {
    handle = readWith(1024 * 1024);
    const res = await send("/x", Buffer.alloc(150_000, 3), { "transfer-encoding": "chunked" });
    expect(JSON.parse(res.text)).toEqual({ size: 150_000, owned: true, first: 3 });
  });

  test("declared over the limit: refused by the declared length", async () => {
    handle = readWith(1000);
    const res = await send("/x", Buffer.alloc(5000));
    expect(res).toMatchObject({ status: 413, text: "over, declared 5000" });
  });

  test("chunked past the limit: refused by the bytes that came", async () => {
    handle = readWith(1000);
    const res = await send("/x", Buffer.alloc(5000), { "transfer-encoding": "chunked" });
    expect(res).toMatchObject({ status: 413, text: "over, by the bytes" });
  });

  test("a client that goes away mid-body: the read fails as aborted", async () => {
    const failed = new Promise<string>((resolve) => {
      handle = async (req) => {
        const plain = fromNodeRequest(req);
        await plain
          .body(1024 * 1024, tooLarge)
          .catch((error: Error) => resolve(`${error.message} ${plain.aborted()}`));
        return { status: 200, headers: {}, body: null };
      };
    });
    const req = request({
      host: "127.0.0.1",
      port,
      path: "/x",
      method: "POST",
      headers: { "content-length": "100000" },
    });
    req.on("error", () => {});
    req.write(Buffer.alloc(1000));
    setTimeout(() => req.destroy(), 50);
    expect(await failed).toBe("aborted true");
  });
});

describe("the ingest route from node's request (POST.fromNode)", () => {
  let key: string;
  let ws: string;
  beforeAll(async () => {
    ({ ws, key } = await freshWorkspace("Node Path Co", "node-path@test.dev"));
    handle = (req) => POST.fromNode(req);
  });

  test("stores a gzipped batch and answers with CORS, as through Next", async () => {
    handle = (req) => POST.fromNode(req);
    const b = batch([
      meta(T0),
      fullSnapshot(T0 + 1),
      pageview(T0 + 2, "https://shop.example/"),
      click(T0 + 500),
    ]);
    const res = await send(`/api/v1/ingest?k=${key}`, gzipSync(JSON.stringify(b)), {
      "user-agent":
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ ok: true });
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["content-type"]).toBe("application/json");
    expect((await getSession(ws, b.sessionId))?.fields).toMatchObject({ clickCount: 1, browser: "chrome" });
  });

  test("an unknown key: 401 in the standard shape, with CORS", async () => {
    handle = (req) => POST.fromNode(req);
    const res = await send("/api/v1/ingest?k=pk_nobody", Buffer.from("{}"));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).error.code).toBe("unauthorized");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
  });

  test("a body over the limit by its declared length: 413 before it is read", async () => {
    handle = (req) => POST.fromNode(req);
    // Only the length is declared: the answer must come without the body.
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: `/api/v1/ingest?k=${key}`,
          method: "POST",
          headers: { "content-length": String(30 * 1024 * 1024) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() });
            req.destroy();
          });
        },
      );
      req.on("error", reject);
      req.write(Buffer.alloc(1000));
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.code).toBe("payload_too_large");
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ASSET_MAX_BYTES, assetKind } from "@/lib/assets/fetch";
import { replayAsset } from "@/lib/assets/store";
import { assetOf } from "@/lib/data/assets";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { blob } from "@/lib/storage/blob";
import { useTempDataDir } from "../helpers/temp-data";

/**
 * The asset store: a stylesheet the recorder could not read is fetched by the server once, with
 * its url()s made absolute, kept once per content hash, and refused when the address is private,
 * the answer is not a stylesheet or font, too large, or the site fails.
 */

let server: Server;
let origin: string;
let ws: string;
const hits: string[] = [];

const allow = (hosts: string) => {
  process.env.REWIND_OUTBOUND_ALLOW_HOSTS = hosts;
  resetEnvCache();
};

beforeAll(async () => {
  useTempDataDir();
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/site/a.css")
      return res
        .writeHead(200, { "content-type": "text/css" })
        .end(
          `@import "b.css"; @font-face { font-family: F; src: url(../fonts/f.woff2) } body { color: red }`,
        );
    if (path === "/site/copy.css")
      return res
        .writeHead(200, { "content-type": "text/css" })
        .end(
          `@import "b.css"; @font-face { font-family: F; src: url(../fonts/f.woff2) } body { color: red }`,
        );
    if (path === "/fonts/f.woff2")
      return res.writeHead(200, { "content-type": "font/woff2" }).end(Buffer.from([1, 2, 3]));
    if (path === "/moved.css") return res.writeHead(301, { location: "/site/a.css" }).end();
    if (path === "/page.html") return res.writeHead(200, { "content-type": "text/html" }).end("<p>hi</p>");
    if (path === "/huge.css")
      return res.writeHead(200, { "content-type": "text/css" }).end("a{}".repeat(ASSET_MAX_BYTES / 3 + 10));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  allow(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  const user = await createUser({ email: `assets-${Date.now()}@test.dev`, name: "" });
  ws = (await createWorkspace(user.id, "Assets Co")).id;
});
afterAll(async () => {
  allow("");
  await new Promise((r) => server.close(r));
});

const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

test("a stylesheet is fetched once, its url()s and @imports made absolute, then served from the store", async () => {
  const first = await replayAsset(ws, `${origin}/site/a.css`);
  expect(first.ref).toMatchObject({ kind: "css", contentType: "text/css; charset=utf-8" });
  expect(text(first.bytes)).toBe(
    `@import url("${origin}/site/b.css"); @font-face { font-family: F; src: url("${origin}/fonts/f.woff2") } body { color: red }`,
  );
  const before = hits.length;
  const again = await replayAsset(ws, `${origin}/site/a.css`);
  expect(hits.length).toBe(before);
  expect(text(again.bytes)).toBe(text(first.bytes));
});

test("the same content under two addresses is stored once", async () => {
  const a = await replayAsset(ws, `${origin}/site/a.css`);
  const copy = await replayAsset(ws, `${origin}/site/copy.css`);
  // url()s resolve against each sheet's own address: the same here, so the same bytes.
  expect(copy.ref.hash).toBe(a.ref.hash);
  const stored = await (await blob()).list(`assets/${ws}/`);
  expect(stored.filter((e) => e.key.endsWith(a.ref.hash))).toHaveLength(1);
});

test("fonts are kept as bytes; redirects are followed", async () => {
  const font = await replayAsset(ws, `${origin}/fonts/f.woff2`);
  expect(font.ref).toMatchObject({ kind: "font", contentType: "font/woff2" });
  expect([...font.bytes]).toEqual([1, 2, 3]);
  expect((await replayAsset(ws, `${origin}/moved.css`)).ref.kind).toBe("css");
});

describe("refused, with a reason", () => {
  test.each([
    ["no address", null, /Give the asset's address/],
    ["not http(s)", "file:///etc/passwd", /Only http/],
    ["not a URL", "nope", /not a URL/],
  ])("%s", async (_n, url, message) => {
    await expect(replayAsset(ws, url)).rejects.toMatchObject({
      kind: "invalid",
      message: expect.stringMatching(message),
    });
  });

  test("an answer that is neither a stylesheet nor a font", async () => {
    await expect(replayAsset(ws, `${origin}/page.html`)).rejects.toMatchObject({
      code: "bad_gateway",
      message: expect.stringContaining("text/html, not a stylesheet or a font"),
    });
  });

  test("an answer over the size cap", async () => {
    await expect(replayAsset(ws, `${origin}/huge.css`)).rejects.toMatchObject({ code: "bad_gateway" });
  });

  test("a 404, remembered so it is not fetched again at once", async () => {
    await expect(replayAsset(ws, `${origin}/gone.css`)).rejects.toMatchObject({
      message: expect.stringContaining("answered 404"),
    });
    const before = hits.length;
    await expect(replayAsset(ws, `${origin}/gone.css`)).rejects.toMatchObject({ code: "bad_gateway" });
    expect(hits.length).toBe(before);
    expect(await assetOf(ws, `${origin}/gone.css`)).toMatchObject({ error: expect.stringContaining("404") });
  });

  test("private and loopback addresses unless allowed for tests", async () => {
    allow("");
    try {
      for (const url of [
        `${origin}/site/other.css`,
        "http://localhost/x.css",
        "http://169.254.169.254/a.css",
      ])
        await expect(replayAsset(ws, url)).rejects.toMatchObject({
          code: "bad_gateway",
          message: expect.stringMatching(/private or local address/),
        });
    } finally {
      allow(new URL(origin).host);
    }
  });
});

test("what an answer is, from its type or its path", () => {
  const u = (p: string) => new URL(`https://x.example${p}`);
  expect(assetKind(u("/a"), "text/css; charset=utf-8")).toBe("css");
  expect(assetKind(u("/a.css"), "application/octet-stream")).toBe("css");
  expect(assetKind(u("/f.ttf"), "")).toBe("font");
  expect(assetKind(u("/f"), "application/font-woff")).toBe("font");
  expect(assetKind(u("/a.css"), "text/html")).toBe(null);
  expect(assetKind(u("/a.png"), "image/png")).toBe(null);
});

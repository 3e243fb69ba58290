import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local fake of the Vercel Blob HTTP API as @vercel/blob calls it (put, head, list, delete)
 * plus the private object URLs it hands out. Point the SDK at it with VERCEL_BLOB_API_URL.
 */

interface StoredBlob {
  bytes: Buffer;
  contentType: string;
  uploadedAt: Date;
  etag: string;
}

export interface VercelBlobFake {
  apiUrl: string;
  token: string;
  objects: Map<string, StoredBlob>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startVercelBlobFake(
  token = "vercel_blob_rw_teststore_secret123",
): Promise<VercelBlobFake> {
  const objects = new Map<string, StoredBlob>();
  let base = "";
  const objectUrl = (pathname: string) => `${base}/objects/${pathname}`;
  const meta = (pathname: string, b: StoredBlob) => ({
    url: objectUrl(pathname),
    downloadUrl: `${objectUrl(pathname)}?download=1`,
    pathname,
    size: b.bytes.length,
    contentType: b.contentType,
    contentDisposition: `attachment; filename="${pathname.split("/").pop()}"`,
    cacheControl: "public, max-age=2592000",
    uploadedAt: b.uploadedAt.toISOString(),
    etag: b.etag,
  });
  const toPathname = (urlOrPathname: string) =>
    urlOrPathname.startsWith(`${base}/objects/`)
      ? urlOrPathname.slice(`${base}/objects/`.length)
      : urlOrPathname;

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const notFound = () =>
      send(404, { error: { code: "not_found", message: "The requested blob does not exist" } });
    if (req.headers.authorization !== `Bearer ${token}`) {
      return send(403, { error: { code: "forbidden", message: "Access denied" } });
    }
    const url = new URL(req.url ?? "/", base);
    if (url.pathname.startsWith("/objects/")) {
      const found = objects.get(decodeURIComponent(url.pathname.slice("/objects/".length)));
      if (!found) return notFound();
      res.writeHead(200, { "content-type": found.contentType, "content-length": found.bytes.length });
      return res.end(found.bytes);
    }
    if (req.method === "PUT" && url.pathname === "/") {
      const pathname = url.searchParams.get("pathname");
      if (!pathname) return send(400, { error: { code: "bad_request", message: "pathname is required" } });
      if (objects.has(pathname) && req.headers["x-allow-overwrite"] !== "1") {
        return send(400, { error: { code: "bad_request", message: "This blob already exists" } });
      }
      const bytes = await readBody(req);
      const stored: StoredBlob = {
        bytes,
        contentType: String(req.headers["x-content-type"] ?? "application/octet-stream"),
        uploadedAt: new Date(),
        etag: `"${createHash("md5").update(bytes).digest("hex")}"`,
      };
      objects.set(pathname, stored);
      return send(200, meta(pathname, stored));
    }
    if (req.method === "GET" && url.pathname === "/" && url.searchParams.has("url")) {
      const pathname = toPathname(url.searchParams.get("url") ?? "");
      const found = objects.get(pathname);
      return found ? send(200, meta(pathname, found)) : notFound();
    }
    if (req.method === "GET" && url.pathname === "/") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const limit = Math.min(Number(url.searchParams.get("limit") ?? 1000) || 1000, 1000);
      const after = url.searchParams.get("cursor") ?? "";
      const matching = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
      const page = matching.slice(0, limit);
      const hasMore = matching.length > limit;
      return send(200, {
        blobs: page.map((k) => meta(k, objects.get(k)!)),
        cursor: hasMore ? page[page.length - 1] : undefined,
        hasMore,
      });
    }
    if (req.method === "POST" && url.pathname === "/delete") {
      const body = JSON.parse((await readBody(req)).toString("utf8")) as { urls?: string[] };
      for (const u of body.urls ?? []) objects.delete(toPathname(u));
      return send(200, {});
    }
    return send(404, { error: { code: "not_found", message: `No route ${req.method} ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: base,
    token,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

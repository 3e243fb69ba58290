// The project-key ingest route served straight from node:http, in front of Next's request handler
// (scripts/serve.mjs). Next's router, its request/response adapters and its route wrapper cost a
// batch more main-thread CPU than the route itself (docs/ARCHITECTURE.md §4, §10), so POST and
// OPTIONS of /api/v1/ingest skip them. What answers is the SAME code Next would run: the route's
// own handlers (app/api/v1/ingest/route.ts, through withProjectKey: project key, rate limit, caps,
// error shape, CORS), taken from Next's build of that route (one module instance with Next's, as both
// load the same file), and the response headers next.config.ts declares, read from Next's routes
// manifest. Every other method and path goes to Next.
import { createRequire } from "node:module";
import { join } from "node:path";
import { Readable } from "node:stream";

const PATH = "/api/v1/ingest";
const METHODS = new Set(["POST", "OPTIONS"]);

/** next.config.ts `headers()` rules that match `path`, as Next applies them (routes-manifest.json). */
function configHeaders(manifest, path) {
  const out = [];
  for (const rule of manifest.headers ?? []) {
    if (rule.has || rule.missing) continue; // none of ours are conditional; Next's router serves those
    if (new RegExp(rule.regex).test(path))
      for (const h of rule.headers) out.push([h.key.toLowerCase(), h.value]);
  }
  return out;
}

/**
 * The layer for a built app in `root`: `serve(req, res)` answers and returns true when the request
 * is one of ingest's, else returns false and the caller hands it to Next.
 */
export function ingestLayer(root) {
  const require = createRequire(join(root, "package.json"));
  const manifest = require(join(root, ".next", "routes-manifest.json"));
  const route = require(join(root, ".next", "server", "app", "api", "v1", "ingest", "route.js"));
  const handlers = route.routeModule?.userland;
  if (typeof handlers?.POST !== "function" || typeof handlers?.OPTIONS !== "function")
    throw new Error("the built ingest route has no POST/OPTIONS handlers: rebuild (npm run build)");
  // Later rules win, as in Next (the route's own headers come last, below).
  const fixed = configHeaders(manifest, PATH);

  return function serve(req, res) {
    if (!METHODS.has(req.method ?? "")) return false;
    const q = req.url?.indexOf("?") ?? -1;
    const path = q === -1 ? req.url : req.url.slice(0, q);
    if (path !== PATH) return false;
    answer(req, res).catch((error) => {
      // The wrapper turns every error into its answer; this is only for a bug in the layer itself.
      console.error("[rewind] ingest layer failed", error);
      if (!res.headersSent)
        res
          .writeHead(500, { "content-type": "application/json" })
          .end('{"error":{"code":"internal","message":"Something went wrong on our side."}}');
      else res.destroy();
    });
    return true;
  };

  async function answer(req, res) {
    // From the parsed headers, not rawHeaders: the peer stamp (lib/peer-stamp.ts) writes the socket's
    // address there, over any value a client sent in its place.
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      else if (value !== undefined) headers.set(key, value);
    }
    const host = req.headers.host ?? "localhost";
    const request = new Request(`http://${host}${req.url}`, {
      method: req.method,
      headers,
      ...(req.method === "POST" ? { body: Readable.toWeb(req), duplex: "half" } : {}),
    });
    const response = await handlers[req.method](request);
    for (const [key, value] of fixed) res.setHeader(key, value);
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status;
    const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
    if (body) res.setHeader("content-length", body.byteLength);
    // A body the handler refused without reading it (401, 413 by Content-Length, 503) is not
    // drained: the connection closes after the answer, and the client's next batch opens another.
    if (!req.complete) res.setHeader("connection", "close");
    res.end(body);
  }
}

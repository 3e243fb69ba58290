// The project-key ingest route served straight from node:http, in front of Next's request handler
// (scripts/serve.mjs). Next's router, its request/response adapters and its route wrapper cost a
// batch more main-thread CPU than the route itself (docs/ARCHITECTURE.md §4, §10), so POST and
// OPTIONS of /api/v1/ingest skip them. What answers is the SAME code Next would run: the route's
// core (app/api/v1/ingest/route.ts, through withProjectKeyPlain: project key, rate limit, caps,
// error shape, CORS), taken from Next's build of that route (one module instance with Next's, as both
// load the same file) and handed node's request itself (no web Request, Headers or stream: the body
// is read from 'data' events into one buffer), and the response headers next.config.ts declares,
// read from Next's routes manifest. Every other method and path goes to Next.
import { createRequire } from "node:module";
import { join } from "node:path";

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
  if (typeof handlers?.POST?.fromNode !== "function" || typeof handlers?.OPTIONS?.answer !== "function")
    throw new Error("the built ingest route has no POST.fromNode/OPTIONS.answer: rebuild (npm run build)");
  // Later rules win, as in Next (the route's own headers come last, below).
  const fixed = Object.fromEntries(configHeaders(manifest, PATH));

  return function serve(req, res) {
    if (!METHODS.has(req.method ?? "")) return false;
    const q = req.url?.indexOf("?") ?? -1;
    const path = q === -1 ? req.url : req.url.slice(0, q);
    if (path !== PATH) return false;
    if (req.method === "OPTIONS") write(req, res, handlers.OPTIONS.answer());
    else
      handlers.POST.fromNode(req).then(
        (answer) => write(req, res, answer),
        (error) => {
          // The core turns every error into its answer; this is only for a bug in the layer itself.
          console.error("[rewind] ingest layer failed", error);
          if (!res.headersSent)
            res
              .writeHead(500, { "content-type": "application/json" })
              .end('{"error":{"code":"internal","message":"Something went wrong on our side."}}');
          else res.destroy();
        },
      );
    return true;
  };

  /** The core's plain answer (status, lower-case headers, text body) in one writeHead. */
  function write(req, res, answer) {
    const headers = { ...fixed, ...answer.headers };
    if (answer.body !== null) headers["content-length"] = Buffer.byteLength(answer.body);
    // A body the core refused without reading it (401, 413 by Content-Length, 503) is not drained:
    // the connection closes after the answer, and the client's next batch opens another.
    if (!req.complete) headers.connection = "close";
    res.writeHead(answer.status, headers).end(answer.body ?? undefined);
  }
}

import type { NextConfig } from "next";

const config: NextConfig = {
  // The Docker image ships .next/standalone: server.js with only the node_modules files it uses.
  output: "standalone",
  // Native and socket-holding clients must stay plain Node requires, not bundled copies.
  // geoip-country reads its database files from its own folder at load, so it stays external and
  // its data is traced into the standalone output by hand.
  serverExternalPackages: ["libsql", "ioredis", "geoip-country"],
  outputFileTracingIncludes: { "/api/v1/ingest": ["./node_modules/geoip-country/data/*.dat"] },
  poweredByHeader: false,
  reactStrictMode: true,
  // posthog-js posts to `/e/`, `/s/`, `/flags/?v=2`: a 308 to the slash-less path would cost each
  // request a round trip (and a CORS preflight), so those paths are served as they are.
  skipTrailingSlashRedirect: true,
  // `npm run typecheck` checks the whole project (tests and benches too) before every test run;
  // the build need not repeat it, and a type error in a test must not stop the app from building.
  typescript: { ignoreBuildErrors: true },
  // Recording chunks are stored gzipped and sent as they are. Next strips Content-Encoding from a
  // route handler's own headers, so it is set here; the route gzips its error bodies to match.
  async headers() {
    return [
      {
        source: "/api/v1/workspaces/:ws/recordings/:sessionId/chunks/:chunkId",
        headers: [{ key: "Content-Encoding", value: "gzip" }],
      },
      {
        source: "/api/share/:token/recordings/:sessionId/chunks/:chunkId",
        headers: [{ key: "Content-Encoding", value: "gzip" }],
      },
      // Security headers that never vary (proxy.ts adds the pages' nonce CSP and, over https, HSTS).
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      // JSON, chunks and the SDK's scripts are never documents: nothing may run in or frame them.
      {
        source: "/:dir(api|sdk)/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
      // A share link's token is in its URL: no request from the page names it.
      { source: "/share/:path*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    ];
  },
};

export default config;

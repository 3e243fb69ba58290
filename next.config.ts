import type { NextConfig } from "next";

const config: NextConfig = {
  // The Docker image ships .next/standalone: server.js with only the node_modules files it uses.
  output: "standalone",
  // Native and socket-holding clients must stay plain Node requires, not bundled copies.
  serverExternalPackages: ["libsql", "ioredis"],
  poweredByHeader: false,
  reactStrictMode: true,
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
    ];
  },
};

export default config;

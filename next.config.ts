import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and socket-holding clients must stay plain Node requires, not bundled copies.
  serverExternalPackages: ["libsql", "ioredis"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;

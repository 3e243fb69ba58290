# Rewind: docker build -t rewind . && docker run -p 3000:3000 -v rewind-data:/data rewind
# Three stages: dependencies, build, and a runtime holding only Next's standalone output.

FROM node:22-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:22-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
# The SDK bundle into public/sdk, then `next build` (output: "standalone"), then the tree the
# image runs: server.js, the node_modules files it uses, .next/static, public/ and scripts/start.mjs.
RUN npm run build && node scripts/standalone.mjs /out

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
# The app's files belong to root and are read-only to the server; only /data is writable by it
# (the embedded database, local blobs and the generated session secret when no store is configured).
COPY --from=build /out ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# node, not curl: the slim image has no curl, and this is the same request the tests make.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same start command as `npm start` and the end-to-end tests; in this tree it serves server.js.
CMD ["node", "scripts/start.mjs"]

# syntax=docker/dockerfile:1.7
# The web app (Next.js) behind its own server (apps/web/server.mjs), which also proxies /api and /socket.io
# to API_URL. Build from the repository root:
#   docker build -f deploy/docker/web.Dockerfile -t truck4u/web .
# One image serves any api: API_URL, TILE_URL and GEOCODER_URL are read at start time, not baked in.

FROM node:20.19-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/package.json
COPY apps/web/package.json apps/web/package.json
COPY apps/mobile/package.json apps/mobile/package.json
COPY packages/contracts/package.json packages/contracts/package.json
COPY packages/database/package.json packages/database/package.json
COPY packages/logic/package.json packages/logic/package.json
COPY packages/ui/package.json packages/ui/package.json
RUN npm ci --include-workspace-root --workspace @truck4u/web --workspace @truck4u/contracts \
      --workspace @truck4u/logic

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY tsconfig.base.json ./
COPY packages/contracts packages/contracts
COPY packages/logic packages/logic
COPY apps/web apps/web
RUN npm run build -w @truck4u/web && rm -rf apps/web/.next/cache

FROM node:20.19-bookworm-slim AS prod-deps
WORKDIR /app
COPY --from=deps /app/package.json /app/package-lock.json ./
COPY --from=deps /app/apps /app/apps
COPY --from=deps /app/packages /app/packages
RUN npm ci --omit=dev --workspace @truck4u/web --workspace @truck4u/contracts --workspace @truck4u/logic \
    && npm cache clean --force

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3001
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
# The workspace packages the web app imports (node_modules/@truck4u/* link here).
COPY --from=build --chown=node:node /app/packages/contracts ./packages/contracts
COPY --from=build --chown=node:node /app/packages/logic ./packages/logic
COPY --from=build --chown=node:node /app/apps/web ./apps/web
USER node
WORKDIR /app/apps/web
EXPOSE 3001
# A page of the web app itself: /health/* on this server is the api's, proxied.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3001)+'/fr/login').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "server.mjs"]

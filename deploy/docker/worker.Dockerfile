# syntax=docker/dockerfile:1.7
# The BullMQ worker as compiled JavaScript (same build as the api, another entry point). From the repo root:
#   docker build -f deploy/docker/worker.Dockerfile -t truck4u/worker .

# ---- deps: the whole workspace's lockfile, every workspace manifest (npm ci needs them all) ----
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
RUN npm ci --include-workspace-root --workspace @truck4u/api --workspace @truck4u/database \
      --workspace @truck4u/contracts

# ---- build: esbuild bundles the workspace packages into apps/api/dist ----
FROM deps AS build
COPY tsconfig.base.json ./
COPY packages/contracts packages/contracts
COPY packages/database packages/database
COPY apps/api apps/api
RUN npm run build -w @truck4u/api

# ---- prod-deps: runtime dependencies only (npm packages stay external to the bundle) ----
FROM node:20.19-bookworm-slim AS prod-deps
WORKDIR /app
COPY --from=deps /app/package.json /app/package-lock.json ./
COPY --from=deps /app/apps /app/apps
COPY --from=deps /app/packages /app/packages
RUN npm ci --omit=dev --workspace @truck4u/api --workspace @truck4u/database --workspace @truck4u/contracts \
    && npm cache clean --force

# ---- runtime ----
FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    WORKER_METRICS_PORT=9465 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/apps/api/dist ./apps/api/dist
# The version it reports comes from here; the bundle resolves the migrations folder even if unused.
COPY --chown=node:node apps/api/package.json ./apps/api/package.json
COPY --chown=node:node packages/database/drizzle ./packages/database/drizzle
USER node
EXPOSE 9465
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_METRICS_PORT||9465)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "apps/api/dist/worker.js"]

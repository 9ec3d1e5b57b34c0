# One image for every app service of docker-compose.yml (simulator, migrate, worker, scheduler, api). Each
# runs `node <entry>` directly (see docs/deployment.md), so SIGTERM from `docker compose stop` reaches it.
#
# Stages, ordered so that a source change rebuilds only from `COPY . .` on: the package store (from the
# lockfile alone), the manifests and an offline install, the build, the production dependencies, and the
# runtime image with only compiled JavaScript, production dependencies and the migrations, run as `node`.
FROM node:20-slim AS pnpm
# corepack cannot verify pnpm's signatures offline; the version matches package.json's packageManager.
RUN npm install -g pnpm@12.4.2
WORKDIR /app

# Every package the lockfile names, into pnpm's store: refetched only when pnpm-lock.yaml changes.
FROM pnpm AS manifests
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
# Every workspace package's manifest (docker-compose.test.ts checks the list is complete).
COPY package.json ./
COPY apps/api/package.json apps/api/
COPY apps/cli/package.json apps/cli/
COPY apps/scheduler/package.json apps/scheduler/
COPY apps/worker/package.json apps/worker/
COPY packages/config/package.json packages/config/
COPY packages/db/package.json packages/db/
COPY packages/feed/package.json packages/feed/
COPY packages/queue/package.json packages/queue/
COPY packages/simulator/package.json packages/simulator/
COPY packages/sync/package.json packages/sync/
COPY packages/test-services/package.json packages/test-services/
COPY packages/vss-client/package.json packages/vss-client/
COPY tooling/typescript/package.json tooling/typescript/

FROM manifests AS build
RUN pnpm install --frozen-lockfile --offline
COPY . .
RUN pnpm build

# The apps' production dependencies and the workspace packages they use at run time, nothing else:
# --filter-prod follows dependencies only (not devDependencies), so test-services, TypeScript, turbo
# and vitest stay out.
FROM manifests AS production-dependencies
RUN pnpm install --prod --frozen-lockfile --offline --filter-prod "{./apps/*}..."

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the app, which runs as the image's unprivileged `node` user.
COPY --from=production-dependencies /app ./
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/cli/dist apps/cli/dist
COPY --from=build /app/apps/scheduler/dist apps/scheduler/dist
COPY --from=build /app/apps/worker/dist apps/worker/dist
COPY --from=build /app/packages/config/dist packages/config/dist
COPY --from=build /app/packages/db/dist packages/db/dist
COPY --from=build /app/packages/db/drizzle packages/db/drizzle
COPY --from=build /app/packages/feed/dist packages/feed/dist
COPY --from=build /app/packages/queue/dist packages/queue/dist
COPY --from=build /app/packages/simulator/dist packages/simulator/dist
COPY --from=build /app/packages/sync/dist packages/sync/dist
COPY --from=build /app/packages/vss-client/dist packages/vss-client/dist
# `vss-mirror <command>` in the container (e.g. `docker compose exec worker vss-mirror status`).
RUN chmod +x apps/cli/dist/main.js && ln -s /app/apps/cli/dist/main.js /usr/local/bin/vss-mirror
USER node
CMD ["node", "apps/worker/dist/main.js"]

# One image for every app service of docker-compose.yml (migrate, worker, scheduler, simulator): the
# workspace with its dependencies, run from source with tsx exactly as `pnpm <script>` runs it in tests.
FROM node:20-slim
# corepack cannot verify pnpm's signatures offline; the version matches package.json's packageManager.
RUN npm install -g pnpm@12.4.2
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile
CMD ["pnpm", "worker"]

// The API process: `pnpm api`. Serves the mirror until SIGTERM/SIGINT, then stops taking requests,
// lets the ones in flight finish and closes the database pool.
import { connectDatabase } from "@vss-mirror/db";
import { buildApi } from "./build-api.js";
import { apiConfig } from "./env.js";
import { createImageSync } from "./image-sync/create-image-sync.js";
import { createLogger } from "./logger.js";

const { app: appConfig, api } = apiConfig();
const logger = createLogger(appConfig.logLevel);
const database = connectDatabase({ url: appConfig.databaseUrl, applicationName: "vss-mirror-api" });
const imageSync = createImageSync(appConfig, database, logger);
const server = await buildApi({
  database,
  config: api,
  logger,
  ...(imageSync.service ? { imageSync: imageSync.service } : {}),
});
await server.listen({ host: api.host, port: api.port });
if (api.jwtSecret === undefined) {
  logger.warn("API_JWT_SECRET is unset: tokens from /auth/request-token work only until this process stops");
}
logger.info(
  { tokens: api.tokens.length, cacheEntries: api.cacheEntries, personalSync: imageSync.mode },
  "api listening",
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    // A second signal means "now": do not wait for requests in flight.
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "api stopping");
    void server
      .close()
      .then(() => imageSync.service?.close())
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}

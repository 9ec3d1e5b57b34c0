// The API process: `pnpm api`. Serves the mirror until SIGTERM/SIGINT, then stops taking requests,
// lets the ones in flight finish and closes the database. The database is DATABASE_URL's server, or
// when that is unset the embedded one in the data folder (VSS_MIRROR_DATA_DIR), as the CLI finds it.
import { databaseProblem, openDatabase } from "@vss-mirror/db";
import { buildApi } from "./build-api.js";
import { apiConfig } from "./env.js";
import { createImageSync } from "./image-sync/create-image-sync.js";
import { createLogger } from "./logger.js";

const { app: appConfig, api } = apiConfig();
const logger = createLogger(appConfig.logLevel);
const { database, description } = await openDatabase({
  url: appConfig.databaseUrl,
  dataDir: appConfig.dataDir,
  max: 10,
  applicationName: "vss-mirror-api",
}).catch((error: unknown) => {
  // The data folder held by another process (FolderBusyError says which), or a server refusing us.
  console.error(
    `vss-mirror api: ${databaseProblem(error) ?? (error instanceof Error ? error.message : String(error))}`,
  );
  process.exit(1);
});
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
  {
    tokens: api.tokens.length,
    cacheEntries: api.cacheEntries,
    database: description,
    personalSync: imageSync.mode,
  },
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

// The worker process: `pnpm worker`. Runs sync jobs until SIGTERM/SIGINT.
import { shutdownOnSignals } from "@vss-mirror/queue";
import { workerConfig } from "./env.js";
import { createLogger } from "./logger.js";
import { startWorker } from "./start-worker.js";

const config = workerConfig();
const logger = createLogger(config.logLevel, "worker");
const worker = await startWorker({ config, logger });
shutdownOnSignals({
  logger,
  graceful: () => worker.close(),
  forceful: () => worker.close({ force: true }),
});

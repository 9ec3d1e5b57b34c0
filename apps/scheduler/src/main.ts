// The scheduler process: `pnpm scheduler`. Enqueues sync jobs on the configured schedules until
// SIGTERM/SIGINT.
import { createSyncQueue, redisConnection, shutdownOnSignals } from "@vss-mirror/queue";
import { schedulerConfig } from "./env.js";
import { createLogger } from "./logger.js";
import { startScheduler } from "./start-scheduler.js";

const config = schedulerConfig();
const logger = createLogger(config.logLevel, "scheduler");
const connection = redisConnection(config.redisUrl, "queue");
const queue = createSyncQueue(connection);
const scheduler = startScheduler({ config, queue, logger });

const closeQueue = async () => {
  await queue.close();
  connection.disconnect();
};
shutdownOnSignals({
  logger,
  graceful: async () => {
    await scheduler.stop();
    await closeQueue();
  },
  forceful: closeQueue,
  timeoutMs: 10_000,
});

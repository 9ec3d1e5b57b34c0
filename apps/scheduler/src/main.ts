// The scheduler process: `pnpm scheduler`. Enqueues sync jobs on the configured schedules until
// SIGTERM/SIGINT.
import {
  createSyncQueue,
  queueErrorListener,
  redisConnection,
  redisMonitor,
  shutdownOnSignals,
} from "@vss-mirror/queue";
import { schedulerConfig } from "./env.js";
import { createLogger } from "./logger.js";
import { startScheduler } from "./start-scheduler.js";

const config = schedulerConfig();
const logger = createLogger(config.logLevel, "scheduler");
// One "redis unreachable" / "redis reconnected" line per outage, not one per reconnection attempt.
const connection = redisConnection(config.redisUrl, "queue", redisMonitor(config.redisUrl, logger));
const queue = createSyncQueue(connection);
queue.on("error", queueErrorListener(logger, "sync queue error"));
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

// Which personal-sync service the API process runs, from its configuration: with REDIS_URL, requests
// become jobs for the workers (the API needs only the usernames); otherwise, with VSS_API_URL and the
// accounts' passwords, the API runs them itself; with neither, none (PATCH answers 403).
import { hostname } from "node:os";
import type { AppConfig } from "@vss-mirror/config";
import type { DatabaseHandle } from "@vss-mirror/db";
import { createSyncQueue, redisConnection } from "@vss-mirror/queue";
import type { Logger } from "pino";
import type { ImageSyncService } from "./image-sync-request.js";
import { InlineImageSyncs } from "./inline-image-syncs.js";
import { QueuedImageSyncs } from "./queued-image-syncs.js";

export function createImageSync(
  config: AppConfig,
  database: DatabaseHandle,
  logger: Logger,
): { service: ImageSyncService | undefined; mode: "queued" | "inline" | "off" } {
  if (config.redisUrl) {
    const connection = redisConnection(config.redisUrl, "queue");
    const queued = new QueuedImageSyncs({
      queue: createSyncQueue(connection),
      database,
      usernames: config.accounts.map((account) => account.username),
      enqueuedBy: `api/${hostname()}/${process.pid}`,
    });
    const service: ImageSyncService = {
      syncs: (username) => queued.syncs(username),
      start: (username) => queued.start(username),
      get: (id, username) => queued.get(id, username),
      close: async () => {
        await queued.close().catch(() => {});
        await connection.quit().catch(() => connection.disconnect());
      },
    };
    return { service, mode: "queued" };
  }
  if (config.vss.apiUrl) {
    // Accounts without a password cannot sync here: leave them out, so their PATCH answers 403.
    const accounts = config.accounts.filter((account) => account.password !== "");
    return {
      service: new InlineImageSyncs({ database, config: { ...config, accounts }, logger }),
      mode: "inline",
    };
  }
  return { service: undefined, mode: "off" };
}

import { loadConfig, maskUrl } from "@vss-mirror/config";
import { createSyncQueue, redisConnection, redisMonitor } from "@vss-mirror/queue";
import type { CommandContext } from "../command-context.js";
import { syncViaQueue } from "../commands/sync-via-queue.js";
import { EXIT, type ExitCode } from "../exit-code.js";
import { println } from "../io.js";
import { reportOutcomes } from "../report/report-outcomes.js";
import { selectedScopes } from "../selected-scopes.js";
import { RedisCommandError, RedisUnreachableError, waitForRedis } from "../via-queue/wait-for-redis.js";
import { withDatabase } from "../with-database.js";

export interface SyncViaQueueFlags {
  /** public, personal, all, or one account's username (selected-scopes.ts). */
  scope: string;
  json?: boolean;
  timeoutMs: number;
  /** BullMQ key prefix, as the workers use. Default: BullMQ's (bull). */
  queuePrefix?: string;
}

/**
 * `vss-mirror sync --via-queue`: needs REDIS_URL, DATABASE_URL (the workers', where the outcome is
 * read) and the accounts, to know the scopes. `--timeout-ms` counts from here, connecting included.
 */
export async function runSyncViaQueue(context: CommandContext, flags: SyncViaQueueFlags): Promise<ExitCode> {
  const { env, io, signal } = context;
  const startedAt = Date.now();
  const deadline = startedAt + flags.timeoutMs;
  const config = loadConfig(env, ["redis", "database"]);
  const scopes = selectedScopes(flags.scope, config);
  const shownUrl = maskUrl(config.redisUrl) ?? "(REDIS_URL)";
  const say = (line: string) => println(io.stderr, line);
  const connection = redisConnection(config.redisUrl, "queue");
  const prefix = flags.queuePrefix === undefined ? {} : { prefix: flags.queuePrefix };
  try {
    try {
      await waitForRedis(connection, deadline, shownUrl, startedAt);
    } catch (error) {
      if (!(error instanceof RedisUnreachableError)) throw error;
      println(io.stderr, `sync failed: ${error.message}`);
      return EXIT.failed;
    }
    // Connected: from now on an outage is one line when it starts and one when it ends.
    redisMonitor(config.redisUrl, {
      warn: (obj) =>
        say(`redis unreachable at ${shownUrl} (${(obj as { reason?: string }).reason}); still waiting`),
      info: () => say(`redis reconnected at ${shownUrl}`),
    }).watch(connection);
    const queue = createSyncQueue(connection, prefix);
    // BullMQ prints an 'error' nobody listens to, stack and all, on every reconnection attempt; the
    // monitor reports outages, and a command that fails says so to its caller.
    queue.on("error", () => {});
    try {
      return await withDatabase(config, context, {}, async (database) => {
        const outcomes = await syncViaQueue({
          queue,
          redis: connection,
          database,
          scopes,
          deadline,
          timeoutMs: flags.timeoutMs,
          say,
          ...(signal === undefined ? {} : { signal }),
        }).catch((error: unknown) => {
          if (!(error instanceof RedisCommandError)) throw error;
          println(io.stderr, `sync failed: ${error.message} (Redis at ${shownUrl})`);
          return undefined;
        });
        return outcomes === undefined ? EXIT.failed : reportOutcomes(outcomes, io, flags.json ?? false);
      });
    } finally {
      await queue.close().catch(() => {});
    }
  } finally {
    // BullMQ leaves connections it was given open.
    connection.disconnect();
  }
}

import { loadConfig, type ScopeSelection } from "@vss-mirror/config";
import { createSyncQueue, redisConnection, SYNC_QUEUE } from "@vss-mirror/queue";
import { QueueEvents } from "bullmq";
import type { CommandContext } from "../command-context.js";
import { syncViaQueue } from "../commands/sync-via-queue.js";
import type { ExitCode } from "../exit-code.js";
import { reportOutcomes } from "../report/report-outcomes.js";
import { selectedScopes } from "../selected-scopes.js";

export interface SyncViaQueueFlags {
  scope: ScopeSelection;
  json?: boolean;
  timeoutMs: number;
  /** BullMQ key prefix, as the workers use. Default: BullMQ's (bull). */
  queuePrefix?: string;
}

/** `vss-mirror sync --via-queue`: needs only REDIS_URL (and the accounts, to know the scopes). */
export async function runSyncViaQueue(
  { env, io }: CommandContext,
  flags: SyncViaQueueFlags,
): Promise<ExitCode> {
  const config = loadConfig(env, ["redis"]);
  const scopes = selectedScopes(flags.scope, config);
  const connection = redisConnection(config.redisUrl, "queue");
  // QueueEvents blocks on XREAD on its connection, so it gets its own, of the kind that waits forever.
  const eventsConnection = redisConnection(config.redisUrl, "worker");
  const prefix = flags.queuePrefix === undefined ? {} : { prefix: flags.queuePrefix };
  const queueEvents = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, ...prefix });
  const queue = createSyncQueue(connection, prefix);
  try {
    const outcomes = await syncViaQueue({ queue, queueEvents, scopes, timeoutMs: flags.timeoutMs });
    return reportOutcomes(outcomes, io, flags.json ?? false);
  } finally {
    await queueEvents.close();
    await queue.close();
    // BullMQ leaves connections it was given open.
    eventsConnection.disconnect();
    connection.disconnect();
  }
}

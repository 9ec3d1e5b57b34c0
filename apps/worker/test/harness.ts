// Per test file: an isolated database, a simulator, a unique BullMQ prefix, and the environment a worker
// process would get. Real Postgres, Redis and HTTP; nothing is mocked.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppConfig, loadConfig } from "@vss-mirror/config";
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { createSyncQueue, redisConnection, type SyncQueue } from "@vss-mirror/queue";
import { type Simulator, type SimulatorOptions, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import type { VssAccount } from "@vss-mirror/config";
import { pino } from "pino";
import { inject } from "vitest";

export interface Harness {
  sim: Simulator;
  database: DatabaseHandle;
  queue: SyncQueue;
  prefix: string;
  /** The environment of a worker process for this harness (alice primary, `accounts` in a file). */
  env: Record<string, string>;
  config(overrides?: Record<string, string>): AppConfig;
  close(): Promise<void>;
}

/** Logs nothing; set LOG_TESTS=1 to see the worker's log lines. */
export const silentLogger = () => pino({ level: process.env.LOG_TESTS ? "debug" : "silent" });

export interface HarnessOptions {
  sim?: SimulatorOptions;
  /** More accounts besides alice (the primary), written to VSS_ACCOUNTS_FILE. */
  accounts?: VssAccount[];
  /**
   * For a worker in a child process, which has no way to take a key prefix: a Redis logical database
   * of its own instead, with BullMQ's default prefix. Default: the server's database 0 and a unique prefix.
   */
  redisDb?: number;
  /** Another Redis than the shared one (a private redis-server an outage test kills); BullMQ's default prefix. */
  redisUrl?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const testDb = await createTestDatabase(inject("databaseUrl"));
  const database = connectDatabase({ url: testDb.url, max: 4 });
  await migrateDatabase(database);
  const sim = await startSimulator({ tokenRateLimit: false, syncStepMs: 5, ...options.sim });
  const redisUrl = new URL(options.redisUrl ?? inject("redisUrl"));
  if (options.redisDb !== undefined) redisUrl.pathname = `/${options.redisDb}`;
  const ownRedis = options.redisDb !== undefined || options.redisUrl !== undefined;
  const prefix = ownRedis ? "bull" : `test-${randomBytes(6).toString("hex")}`;
  const connection = redisConnection(redisUrl.toString(), "queue");
  const queue = createSyncQueue(connection, { prefix });
  const dir = mkdtempSync(join(tmpdir(), "vss-worker-test-"));
  const accountsFile = join(dir, "accounts.json");
  writeFileSync(accountsFile, JSON.stringify(options.accounts ?? []));
  const env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    VSS_PASSWORD: "alice-password",
    VSS_ACCOUNTS_FILE: accountsFile,
    VSS_RETRIES: "1",
    VSS_TIMEOUT_MS: "5000",
    DATABASE_URL: testDb.url,
    REDIS_URL: redisUrl.toString(),
    PERSONAL_SYNC_POLL_MS: "10",
    WORKER_HEALTH_HOST: "127.0.0.1",
    WORKER_HEALTH_PORT: "0",
    LOG_LEVEL: "silent",
  };
  return {
    sim,
    database,
    queue,
    prefix,
    env,
    config: (overrides = {}) => loadConfig({ ...env, ...overrides }, ["vss", "database", "redis"]),
    async close() {
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      connection.disconnect();
      await sim.close();
      await database.close();
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunRow {
  id: string;
  scope: string;
  trigger: string;
  status: string;
  job_id: string | null;
  error: string | null;
}

export async function syncRuns(database: DatabaseHandle): Promise<RunRow[]> {
  return database.query<RunRow>(
    "select id, scope, trigger, status, job_id, error from vss.sync_runs order by id",
  );
}

// Two scheduler replicas and two workers, side by side, on a cron that ticks every 2 seconds: every
// tick of every scope becomes exactly one BullMQ job and exactly one vss.sync_runs row.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadConfig } from "@vss-mirror/config";
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { createSyncQueue, redisConnection, runJobId, type SyncQueue } from "@vss-mirror/queue";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import { type RunningWorker, startWorker } from "@vss-mirror/worker";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type RunningScheduler, startScheduler } from "../src/index.js";

const SCOPES = ["public", "alice", "bob"];
const prefix = `test-${randomBytes(6).toString("hex")}`;
const dir = mkdtempSync(join(tmpdir(), "vss-scheduler-test-"));
let testDb: { url: string; drop: () => Promise<void> };
let database: DatabaseHandle;
let sim: Simulator;
const connections: Redis[] = [];
const queues: SyncQueue[] = [];
const workers: RunningWorker[] = [];
const schedulers: RunningScheduler[] = [];
/** Every log line of both schedulers. */
const lines: { msg: string; jobId?: string; scope?: string }[] = [];

const quiet = () => pino({ level: process.env.LOG_TESTS ? "debug" : "silent" });
const capturing = () =>
  pino(
    { level: "info" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    }),
  );

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  database = connectDatabase({ url: testDb.url, max: 4 });
  await migrateDatabase(database);
  sim = await startSimulator({ tokenRateLimit: false, syncStepMs: 5 });
  const accountsFile = join(dir, "accounts.json");
  writeFileSync(accountsFile, JSON.stringify([{ username: "bob", password: "bob-password", otp: "123456" }]));
  const config = loadConfig(
    {
      VSS_API_URL: sim.url,
      VSS_USERNAME: "alice",
      VSS_PASSWORD: "alice-password",
      VSS_ACCOUNTS_FILE: accountsFile,
      DATABASE_URL: testDb.url,
      REDIS_URL: inject("redisUrl"),
      // node-cron 4 takes a seconds field first: every 2 seconds.
      SCHEDULE_PUBLIC: "*/2 * * * * *",
      SCHEDULE_PERSONAL: "*/2 * * * * *",
      PERSONAL_SYNC_POLL_MS: "10",
      WORKER_CONCURRENCY: "2",
      WORKER_HEALTH_HOST: "127.0.0.1",
      WORKER_HEALTH_PORT: "0",
    },
    ["vss", "database", "redis"],
  );
  for (let i = 0; i < 2; i++) {
    workers.push(await startWorker({ config, logger: quiet(), prefix, lockedRetryDelayMs: 200 }));
  }
  // Each scheduler replica has its own connection and queue object, as separate processes would.
  for (let i = 0; i < 2; i++) {
    const connection = redisConnection(inject("redisUrl"), "queue");
    const queue = createSyncQueue(connection, { prefix });
    connections.push(connection);
    queues.push(queue);
    schedulers.push(startScheduler({ config, queue, logger: capturing() }));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  await Promise.all(workers.map((worker) => worker.close()));
  await queues[0]?.obliterate({ force: true });
  await Promise.all(queues.map((queue) => queue.close()));
  for (const connection of connections) connection.disconnect();
  await sim?.close();
  await database?.close();
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

it("two workers and two schedulers give exactly one run per tick per scope", async () => {
  const queue = queues[0]!;
  const publicJobs = async () =>
    (await queue.getJobs(["waiting", "active", "delayed", "completed", "failed"])).filter(
      (job) => job.data.scope === "public",
    ).length;
  await expect.poll(publicJobs, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(3);
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  await expect
    .poll(
      async () => Object.values(await queue.getJobCounts("waiting", "active", "delayed", "prioritized")),
      {
        timeout: 30_000,
        interval: 200,
      },
    )
    .toEqual([0, 0, 0, 0]);

  // BullMQ: one job per (scope, tick), each with its deterministic id, all completed.
  const jobs = await queue.getJobs(["completed", "failed"]);
  const jobIds = jobs.map((job) => job.id!);
  expect(jobs.every((job) => job.finishedOn && !job.failedReason)).toBe(true);
  expect(new Set(jobIds).size).toBe(jobIds.length);
  for (const job of jobs) {
    expect(job.id).toMatch(new RegExp(`^schedule-${job.data.scope}-\\d{8}T\\d{6}Z$`));
    expect(job.data.trigger).toBe("schedule");
    expect(new Date(job.data.tick!).getUTCSeconds() % 2).toBe(0);
  }
  const ticksOf = (scope: string) =>
    new Set(jobs.filter((job) => job.data.scope === scope).map((job) => job.data.tick));
  for (const scope of SCOPES) expect(ticksOf(scope).size).toBeGreaterThanOrEqual(3);

  // Postgres: exactly one run per job, so one per tick per scope, each succeeded.
  const rows = await database.query<{
    scope: string;
    runs: string;
    jobs: string;
    succeeded: string;
  }>(
    `select scope, count(*) as runs, count(distinct job_id) as jobs,
            count(*) filter (where status = 'succeeded' and trigger = 'schedule') as succeeded
       from vss.sync_runs group by scope order by scope`,
  );
  expect(rows).toEqual(
    [...SCOPES].sort().map((scope) => {
      const n = String(ticksOf(scope).size);
      return { scope, runs: n, jobs: n, succeeded: n };
    }),
  );
  const runJobIds = await database.query<{ job_id: string }>("select job_id from vss.sync_runs");
  // A scheduled job's runs record its (per-tick) id and its enqueueId: unique even if Redis loses the
  // job and a late replica adds the tick again.
  expect(runJobIds.map((row) => row.job_id).sort()).toEqual(jobs.map((job) => runJobId(job)).sort());
  for (const job of jobs) expect(runJobId(job)).toBe(`${job.id}/${job.data.enqueueId}`);

  // Both replicas fired the ticks; each job was created by exactly one of them.
  for (const jobId of jobIds) {
    const about = lines.filter((line) => line.jobId === jobId).map((line) => line.msg);
    expect(about.filter((msg) => msg === "tick enqueued")).toHaveLength(1);
    expect(about.filter((msg) => msg === "tick already enqueued").length).toBeLessThanOrEqual(1);
  }
  expect(lines.filter((line) => line.msg === "tick already enqueued").length).toBeGreaterThanOrEqual(
    jobIds.length - SCOPES.length,
  );
  expect(lines.some((line) => line.msg === "could not enqueue tick")).toBe(false);
}, 90_000);

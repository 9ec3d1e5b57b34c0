// What `sync --via-queue` says while it waits and what it reports, against a real worker (apps/worker,
// in this process), PostgreSQL, Redis and the simulator: Redis unreachable from the start; each state
// change of the job and each failed attempt; a stalled job that ran twice; Redis losing the job
// (FLUSHALL, then a restart) while its run goes on.
import { randomBytes, randomUUID } from "node:crypto";
import { loadConfig, upstreamIdentity } from "@vss-mirror/config";
import { connectDatabase, type DatabaseHandle, migrateDatabase } from "@vss-mirror/db";
import { createSyncQueue, redisConnection, runJobId, SYNC_QUEUE, type SyncQueue } from "@vss-mirror/queue";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { runSync } from "@vss-mirror/sync";
import {
  createTestDatabase,
  freePort,
  type PrivateRedis,
  startPrivateRedis,
} from "@vss-mirror/test-services";
import { VssClient } from "@vss-mirror/vss-client";
import { type RunningWorker, startWorker } from "@vss-mirror/worker";
import { Worker } from "bullmq";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli, startCli } from "./run-cli.js";

const ITEMS = 40;
const PREFIX = `vss-cli-progress-${randomBytes(4).toString("hex")}`;
let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let database: DatabaseHandle;
let redis: PrivateRedis;
let env: Record<string, string>;
const cleanUp: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  database = connectDatabase({ url: testDb.url, max: 4 });
  await migrateDatabase(database);
  sim = await startSimulator({ items: ITEMS, tokenRateLimit: false, syncStepMs: 5 });
  redis = await startPrivateRedis();
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    DATABASE_URL: testDb.url,
    REDIS_URL: inject("redisUrl"),
    LOG_LEVEL: "warn",
  };
});

afterEach(async () => {
  while (cleanUp.length > 0) await cleanUp.pop()!().catch(() => {});
  await sim.control.clearFaults();
});

afterAll(async () => {
  const connection = redisConnection(inject("redisUrl"), "queue");
  const queue = createSyncQueue(connection, { prefix: PREFIX });
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  await redis?.stop();
  await sim?.close();
  await database?.close();
  await testDb?.drop();
});

function queueOn(url: string, prefix?: string): SyncQueue {
  const connection = redisConnection(url, "queue");
  const queue = createSyncQueue(connection, prefix === undefined ? {} : { prefix });
  queue.on("error", () => {});
  cleanUp.push(async () => {
    await queue.close();
    connection.disconnect();
  });
  return queue;
}

async function testWorker(redisUrl: string, prefix?: string, lines?: string[]): Promise<RunningWorker> {
  const config = loadConfig(
    {
      ...env,
      REDIS_URL: redisUrl,
      VSS_PASSWORD: "alice-password",
      VSS_RETRIES: "0",
      WORKER_HEALTH_HOST: "127.0.0.1",
      WORKER_HEALTH_PORT: "0",
    },
    ["vss", "database", "redis"],
  );
  const logger =
    lines === undefined
      ? pino({ level: "silent" })
      : pino({ level: "info" }, { write: (line: string) => lines.push(line.trimEnd()) });
  const worker = await startWorker({ config, logger, ...(prefix === undefined ? {} : { prefix }) });
  cleanUp.push(() => worker.close({ force: true }));
  return worker;
}

/**
 * A worker process stand-in that takes the next job (its lock lasts 1 s and is never renewed, as if the
 * process hung) and runs it, or returns it to let the test decide when.
 */
async function takeJob(redisUrl: string, prefix?: string) {
  const connection = redisConnection(redisUrl, "worker");
  const worker = new Worker(SYNC_QUEUE, null, {
    connection,
    autorun: false,
    lockDuration: 1_000,
    ...(prefix === undefined ? {} : { prefix }),
  });
  worker.on("error", () => {});
  cleanUp.push(async () => {
    await worker.close(true);
    connection.disconnect();
  });
  const token = randomUUID();
  let job;
  const deadline = Date.now() + 20_000;
  while ((job = await worker.getNextJob(token, { block: false })) === undefined) {
    if (Date.now() > deadline) throw new Error("no job was enqueued");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const run = () =>
    runSync({
      database,
      client: new VssClient({ baseUrl: sim.url, username: "alice", password: "alice-password" }),
      scope: job.data.scope,
      upstream: upstreamIdentity(sim.url),
      trigger: "manual",
      jobId: runJobId(job)!,
    });
  return { job, run };
}

const lineMatching = (lines: string[], pattern: RegExp) => lines.find((line) => pattern.test(line));

describe("sync --via-queue", () => {
  it("exits 1 within --timeout-ms with one line naming Redis, password masked, when Redis is unreachable", async () => {
    const port = await freePort();
    const began = Date.now();
    const run = await Promise.race([
      runCli(["sync", "--via-queue", "--scope", "public", "--timeout-ms", "3000"], {
        ...env,
        REDIS_URL: `redis://:secretpw@127.0.0.1:${port}`,
      }),
      new Promise<never>((_resolve, reject) =>
        setTimeout(() => reject(new Error("the CLI did not return")), 30_000),
      ),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `sync failed: cannot reach Redis at redis://:***@127.0.0.1:${port} within ${/within (\d+) ms/.exec(run.stderr)?.[1]} ms (connect ECONNREFUSED 127.0.0.1:${port})\n`,
    );
    const waited = Number(/within (\d+) ms/.exec(run.stderr)![1]);
    expect(waited).toBeGreaterThanOrEqual(3_000);
    expect(waited).toBeLessThan(4_000);
    // Node's start-up on a loaded machine comes on top of the 3 s.
    expect(Date.now() - began).toBeLessThan(20_000);
    expect(run.stderr).not.toContain("secretpw");
  }, 40_000);

  it("prints each state change of the job and each failed attempt with its reason and next retry", async () => {
    const cli = startCli(
      ["sync", "--via-queue", "--scope", "public", "--queue-prefix", PREFIX, "--timeout-ms", "90000"],
      env,
    );
    cleanUp.push(async () => cli.kill());
    await expect
      .poll(() => lineMatching(cli.stderrLines, /^public: job \S+ waiting for a worker$/), {
        timeout: 20_000,
      })
      .toBeDefined();
    const jobId = /^public: job (\S+) /.exec(cli.stderrLines[0]!)![1]!;
    // The first attempt fails: the worker's client does not retry (VSS_RETRIES=0), the next attempt works.
    // Every listing request is slowed, so each attempt stays active long enough to be seen.
    await sim.control.setFaults([
      { kind: "latency", delayMs: 800, match: { path: "/v2/iso" } },
      { kind: "status", status: 503, match: { path: "/v2/iso" }, times: 1 },
    ]);
    await testWorker(inject("redisUrl"), PREFIX);
    const failed = new RegExp(
      `^public: job ${jobId} attempt 1 of 5 failed: .*503.*; next attempt at (\\S+)$`,
    );
    await expect.poll(() => lineMatching(cli.stderrLines, failed), { timeout: 30_000 }).toBeDefined();
    const nextAt = Date.parse(failed.exec(lineMatching(cli.stderrLines, failed)!)![1]!);
    // The default backoff: 30 s, give or take its 20 % jitter.
    expect(nextAt - Date.now()).toBeGreaterThan(15_000);
    expect(nextAt - Date.now()).toBeLessThan(40_000);
    // Not waiting half a minute: run the retry now, as an operator could.
    const queue = queueOn(inject("redisUrl"), PREFIX);
    await (await queue.getJob(jobId))!.promote();
    const run = await cli.done;
    expect(run.code).toBe(0);
    const mine = run.stderr
      .trimEnd()
      .split("\n")
      .map((line) => line.replace(`job ${jobId} `, "job J "));
    expect(mine).toEqual([
      "public: job J waiting for a worker",
      expect.stringMatching(/^public: job J active on worker\/\S+ \(attempt 1 of 5\)$/),
      expect.stringMatching(/^public: job J attempt 1 of 5 failed: .*503.*; next attempt at \S+$/),
      expect.stringMatching(/^public: job J active on worker\/\S+ \(attempt 2 of 5\)$/),
    ]);
    expect(run.stdout).toMatch(new RegExp(`^public: succeeded \\(run \\d+\\) inserted=${ITEMS} `));
  }, 120_000);

  it("reports the run that did the work when a stalled job ran twice", async () => {
    const cli = startCli(
      ["sync", "--via-queue", "--scope", "public", "--queue-prefix", PREFIX, "--timeout-ms", "60000"],
      env,
    );
    cleanUp.push(async () => cli.kill());
    // A first worker takes the job, runs it to its commit and hangs before completing it: its lock
    // lapses, and the real worker's stall check runs the job again, finding nothing left to do.
    // Something for the first run to do: an item gone upstream since the last test's run.
    await sim.control.deleteItem((await sim.control.items())[0]!.id);
    const taken = await takeJob(inject("redisUrl"), PREFIX);
    const first = await taken.run();
    await testWorker(inject("redisUrl"), PREFIX);
    const queue = queueOn(inject("redisUrl"), PREFIX);
    await expect
      .poll(() => queue.getJobState(taken.job.id!), { timeout: 30_000, interval: 100 })
      .toBe("completed");
    const second = (await queue.getJob(taken.job.id!))!.returnvalue;
    // The job's own result is the second run's: nothing changed.
    expect(second).toMatchObject({ status: "succeeded", inserted: 0, updated: 0 });
    expect(second.runId).not.toBe(first.runId);
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^public: succeeded \\(run ${first.runId}\\) inserted=${first.inserted} `),
    );
    expect(first.deleted).toBe(1);
    expect(run.stdout).toContain(" deleted=1 ");
  }, 120_000);

  it("reports the run from sync_runs when Redis lost the job (FLUSHALL) while it ran", async () => {
    const cli = startCli(["sync", "--via-queue", "--scope", "public", "--timeout-ms", "60000"], {
      ...env,
      REDIS_URL: redis.url,
    });
    cleanUp.push(async () => cli.kill());
    await sim.control.setFaults([{ kind: "latency", delayMs: 1_500, match: { path: "/v2/iso" } }]);
    const taken = await takeJob(redis.url);
    const running = taken.run();
    await expect
      .poll(
        async () =>
          (
            await database.query<{ status: string }>("select status from vss.sync_runs where job_id = $1", [
              runJobId(taken.job),
            ])
          ).map((row) => row.status),
        { timeout: 10_000 },
      )
      .toEqual(["running"]);
    await redis.flushAll();
    await expect
      .poll(
        () => lineMatching(cli.stderrLines, /is no longer in Redis \(was Redis restarted or flushed\?\)$/),
        {
          timeout: 10_000,
        },
      )
      .toBeDefined();
    const result = await running;
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^public: succeeded \\(run ${result.runId}\\) `));
  }, 120_000);

  it("says once that Redis went away and once that it is back, and reports the run", async () => {
    const workerLines: string[] = [];
    await testWorker(redis.url, undefined, workerLines);
    // The run outlasts the outage, so the CLI is still waiting when Redis comes back.
    await sim.control.setFaults([{ kind: "latency", delayMs: 4_000, match: { path: "/v2/iso" } }]);
    const cli = startCli(["sync", "--via-queue", "--scope", "public", "--timeout-ms", "60000"], {
      ...env,
      REDIS_URL: redis.url,
    });
    cleanUp.push(async () => cli.kill());
    await expect
      .poll(() => lineMatching(cli.stderrLines, /active on worker/), { timeout: 20_000 })
      .toBeDefined();
    await redis.kill();
    await expect
      .poll(() => lineMatching(cli.stderrLines, /^redis unreachable/), { timeout: 10_000 })
      .toBeDefined();
    // Several reconnection attempts fail meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.start();
    const run = await cli.done;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^public: succeeded \(run \d+\) /);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("redis unreachable"))).toEqual([
      expect.stringMatching(
        new RegExp(`^redis unreachable at redis://127\\.0\\.0\\.1:${redis.port} \\(.+\\); still waiting$`),
      ),
    ]);
    expect(lines.filter((line) => line.startsWith("redis reconnected"))).toEqual([
      `redis reconnected at redis://127.0.0.1:${redis.port}`,
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // The worker too: one line when Redis went, one when it came back, no stacks.
    await expect
      .poll(() => workerLines.filter((line) => line.includes('"redis reconnected"')).length, {
        timeout: 10_000,
      })
      .toBe(1);
    expect(workerLines.filter((line) => line.includes('"redis unreachable"'))).toHaveLength(1);
    expect(workerLines.every((line) => line.startsWith("{"))).toBe(true);
  }, 120_000);
});

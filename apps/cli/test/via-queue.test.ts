// `sync --via-queue` end to end: the real CLI enqueues, a real worker (apps/worker, in this process)
// runs the jobs against PostgreSQL and the simulator, and the CLI reports the runs from vss.sync_runs.
import { randomBytes } from "node:crypto";
import { loadConfig } from "@vss-mirror/config";
import { connectDatabase, migrateDatabase } from "@vss-mirror/db";
import { createSyncQueue, redisConnection } from "@vss-mirror/queue";
import { type Simulator, startSimulator } from "@vss-mirror/simulator";
import { createTestDatabase } from "@vss-mirror/test-services";
import { type RunningWorker, startWorker } from "@vss-mirror/worker";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "./run-cli.js";

const ITEMS = 40;
// Own BullMQ keys, so that other test files using the same Redis never take these jobs.
const PREFIX = `vss-cli-test-${randomBytes(4).toString("hex")}`;
let sim: Simulator;
let testDb: { url: string; drop: () => Promise<void> };
let worker: RunningWorker | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase(inject("databaseUrl"));
  const database = connectDatabase({ url: testDb.url });
  await migrateDatabase(database);
  await database.close();
  sim = await startSimulator({ items: ITEMS, tokenRateLimit: false, syncStepMs: 5 });
  env = {
    VSS_API_URL: sim.url,
    VSS_USERNAME: "alice",
    DATABASE_URL: testDb.url,
    REDIS_URL: inject("redisUrl"),
    LOG_LEVEL: "warn",
  };
});

afterEach(async () => {
  await worker?.close({ force: true });
  worker = undefined;
});

afterAll(async () => {
  // Leave no keys behind in the shared Redis (the timeout test's job is still waiting).
  const connection = redisConnection(inject("redisUrl"), "queue");
  for (const prefix of [PREFIX, `${PREFIX}-idle`]) {
    const queue = createSyncQueue(connection, { prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  connection.disconnect();
  await sim?.close();
  await testDb?.drop();
});

async function startTestWorker(password: string): Promise<RunningWorker> {
  const config = loadConfig(
    {
      ...env,
      VSS_PASSWORD: password,
      VSS_RETRIES: "0",
      PERSONAL_SYNC_POLL_MS: "20",
      WORKER_HEALTH_HOST: "127.0.0.1",
      WORKER_HEALTH_PORT: "0",
    },
    ["vss", "database", "redis"],
  );
  return startWorker({ config, logger: pino({ level: "silent" }), prefix: PREFIX });
}

describe("sync --via-queue", () => {
  it("enqueues a job per scope, waits for the worker and reports like --once", async () => {
    worker = await startTestWorker("alice-password");
    // The CLI needs no VSS password: the worker has the credentials, the job data never does.
    const run = await runCli(["sync", "--via-queue", "--queue-prefix", PREFIX, "--timeout-ms", "30000"], env);
    expect(run.code).toBe(0);
    // stderr has only the jobs' progress lines.
    for (const line of run.stderr.trimEnd().split("\n")) expect(line).toMatch(/^(public|alice): job \S+ /);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^public: succeeded \\(run \\d+\\) inserted=${ITEMS} .* items=${ITEMS} `),
    );
    expect(lines[1]).toMatch(/^alice: succeeded \(run \d+\) inserted=3 /);

    const status = await runCli(["status", "--json"], env);
    const runs = JSON.parse(status.stdout) as {
      scope: string;
      trigger: string;
      status: string;
      jobId: string;
    }[];
    expect(runs.map((r) => [r.scope, r.trigger, r.status])).toEqual([
      ["alice", "manual", "succeeded"],
      ["public", "manual", "succeeded"],
    ]);
    expect(runs.every((r) => r.jobId)).toBe(true);
  });

  it("exits 1 with a one-line reason when the job fails, without printing the password", async () => {
    const wrong = "wrong-password-do-not-print";
    worker = await startTestWorker(wrong);
    const run = await runCli(
      ["sync", "--via-queue", "--scope", "public", "--queue-prefix", PREFIX, "--timeout-ms", "30000"],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /\nsync failed for scope public: attempt 1 of 5 failed, no attempts left: .*401.*\(job \S+\)\n$/,
    );
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it("gives up after --timeout-ms when no worker takes the job, and says so", async () => {
    const run = await runCli(
      [
        "sync",
        "--via-queue",
        "--scope",
        "public",
        "--queue-prefix",
        `${PREFIX}-idle`,
        "--timeout-ms",
        "3000",
      ],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^public: job \S+ waiting for a worker\nsync failed for scope public: no result within 3000 ms; job \S+ is still waiting \(is a worker running\?\)\n$/,
    );
  });

  it("needs DATABASE_URL, where it reads the outcome", async () => {
    const { DATABASE_URL: _, ...withoutDatabase } = env;
    const run = await runCli(["sync", "--via-queue"], withoutDatabase);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^DATABASE_URL is required/);
  });

  it("needs REDIS_URL", async () => {
    const { REDIS_URL: _, ...withoutRedis } = env;
    const run = await runCli(["sync", "--via-queue"], withoutRedis);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^REDIS_URL is required/);
  });
});

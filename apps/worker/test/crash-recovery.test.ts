// A worker process killed with SIGKILL in the middle of a run: another worker process has the job
// running again within 15 s (the lock and stall settings in start-worker.ts; BullMQ's defaults took
// 42-69 s), and the job's run succeeds exactly once: the killed run's transaction rolled back with
// its connection, and the next run records it as abandoned. And the job ids runs record never repeat,
// even after Redis lost its data (BullMQ's own ids count from 1 again).
import { enqueueSync, scheduledJobId } from "@vss-mirror/queue";
import { type PrivateRedis, startPrivateRedis } from "@vss-mirror/test-services";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, startHarness, syncRuns } from "./harness.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

let redis: PrivateRedis;
let h: Harness;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  // Every upstream request takes 2 s, so a run lasts several seconds.
  h = await startHarness({ sim: { latencyMs: 2_000 }, redisUrl: redis.url });
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill("SIGKILL");
  await h?.close();
  await redis?.stop();
});

it("runs a killed worker's job again on another worker within 15 s, and it succeeds once", async () => {
  const env = { ...h.env, LOG_LEVEL: "info" };
  workers.push(...(await Promise.all([spawnWorker(env), spawnWorker(env)])));
  const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
  const jobId = job.id!;
  const holder = async () => {
    const current = await h.queue.getJob(jobId);
    if ((await current?.getState()) !== "active") return undefined;
    return workers.find((worker) => current?.processedBy?.includes(`/${worker.pid}/`));
  };
  await expect.poll(holder, { timeout: 20_000, interval: 50 }).toBeDefined();
  const first = (await holder())!;
  const other = workers.find((worker) => worker !== first)!;
  // The run is going (recorded, not finished) when the worker dies.
  await expect
    .poll(async () => (await syncRuns(h.database)).map((run) => run.status), {
      timeout: 10_000,
      interval: 50,
    })
    .toEqual(["running"]);

  first.child.kill("SIGKILL");
  const killedAt = Date.now();
  await first.exited;
  await expect.poll(holder, { timeout: 15_000, interval: 100 }).toBe(other);
  const resumedAfterMs = Date.now() - killedAt;
  expect(resumedAfterMs).toBeLessThan(15_000);

  await expect.poll(() => h.queue.getJobState(jobId), { timeout: 60_000, interval: 200 }).toBe("completed");
  const runs = (await syncRuns(h.database)).filter((run) => run.job_id === jobId);
  expect(runs.map((run) => run.status)).toEqual(["failed", "succeeded"]);
  expect(runs[0]!.error).toMatch(/^abandoned/);
  const done = (await h.queue.getJob(jobId))!;
  expect(done.returnvalue).toMatchObject({ status: "succeeded", inserted: 224, runId: Number(runs[1]!.id) });
  expect(done.processedBy).toContain(`/${other.pid}/`);
  // The mirror holds the catalogue once: the killed run left nothing behind.
  const [count] = await h.database.query<{ n: string }>(
    "select count(*) as n from vss.iso_images where scope = 'public'",
  );
  expect(Number(count!.n)).toBe(224);
  console.info(`job ${jobId} resumed on another worker ${resumedAfterMs} ms after the SIGKILL`);
}, 120_000);

it("records job ids in sync_runs that never repeat, across a Redis reset", async () => {
  const tick = new Date("2026-11-27T07:00:00Z");
  const runJob = async (jobId?: string) => {
    const data =
      jobId === undefined
        ? ({ trigger: "manual" } as const)
        : ({ trigger: "schedule", tick: tick.toISOString() } as const);
    const job = await enqueueSync(h.queue, { scope: "public", ...data }, jobId);
    await expect
      .poll(() => h.queue.getJobState(job.id!), { timeout: 60_000, interval: 200 })
      .toBe("completed");
  };
  const before = (await syncRuns(h.database)).length;
  // A manual job, and a scheduled one whose id is the same per tick; then again once Redis is empty
  // (as a late scheduler replica would add the tick again).
  await runJob();
  await runJob(scheduledJobId("public", tick));
  await redis.flushAll();
  await runJob();
  await runJob(scheduledJobId("public", tick));
  const recorded = (await syncRuns(h.database)).slice(before).map((run) => run.job_id);
  expect(recorded).toHaveLength(4);
  expect(new Set(recorded).size).toBe(4);
  expect(recorded[1]).toMatch(/^schedule-public-20261127T070000Z\/[0-9a-f-]{36}$/);
}, 180_000);

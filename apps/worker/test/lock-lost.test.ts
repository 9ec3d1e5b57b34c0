// A live worker that loses a running job's lock (here its lock key is deleted, as an event loop blocked
// or Redis away for longer than lockDuration would let it lapse): the worker cancels its own run, which
// rolls back, and the job runs again. The scope's changes commit once, not once per worker that ran it.
import { enqueueSync, redisConnection } from "@vss-mirror/queue";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type RunningWorker, startWorker } from "../src/index.js";
import { type Harness, silentLogger, startHarness, syncRuns } from "./harness.js";

let h: Harness;
let worker: RunningWorker;
const redis = redisConnection(inject("redisUrl"), "queue");

beforeAll(async () => {
  // Every upstream request takes 1.5 s: the run is still going when the lock goes.
  h = await startHarness({ sim: { latencyMs: 1_500 } });
  worker = await startWorker({
    config: h.config(),
    logger: silentLogger(),
    prefix: h.prefix,
    lockedRetryDelayMs: 200,
  });
});
afterAll(async () => {
  await worker?.close({ force: true });
  await h?.close();
  redis.disconnect();
});

it("cancels a run whose job lost its lock, so that only the rerun commits", async () => {
  const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
  const jobId = job.id!;
  await expect
    .poll(async () => (await syncRuns(h.database)).map((run) => run.status), {
      timeout: 20_000,
      interval: 50,
    })
    .toEqual(["running"]);
  expect(await redis.del(`${h.prefix}:vss-sync:${jobId}:lock`)).toBe(1);

  await expect.poll(() => h.queue.getJobState(jobId), { timeout: 90_000, interval: 200 }).toBe("completed");
  const runs = (await syncRuns(h.database)).filter((run) => run.job_id === jobId);
  expect(runs.map((run) => run.status)).toEqual(["failed", "succeeded"]);
  const done = (await h.queue.getJob(jobId))!;
  // The rerun did the work: the cancelled run kept nothing.
  expect(done.returnvalue).toMatchObject({ runId: Number(runs[1]!.id), inserted: 224 });
}, 150_000);

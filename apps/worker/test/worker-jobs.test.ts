// The worker runs sync jobs through runSync: success is recorded with the job id; a permanent failure
// (wrong password) fails the job at once; a transient one is retried per the job's options.
import { enqueueSync } from "@vss-mirror/queue";
import { runSync } from "@vss-mirror/sync";
import { VssClient } from "@vss-mirror/vss-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../src/index.js";
import { type Harness, silentLogger, startHarness, syncRuns } from "./harness.js";

let h: Harness;
let worker: RunningWorker;

beforeAll(async () => {
  h = await startHarness({ accounts: [{ username: "bob", password: "not-bobs-password", otp: "123456" }] });
  worker = await startWorker({
    config: h.config(),
    logger: silentLogger(),
    prefix: h.prefix,
    lockedRetryDelayMs: 200,
  });
});
afterAll(async () => {
  await worker?.close();
  await h?.close();
});

const finished = async (id: string) => {
  await expect
    .poll(() => h.queue.getJobState(id), { timeout: 20_000, interval: 50 })
    .toMatch(/^(completed|failed)$/);
  return (await h.queue.getJob(id))!;
};

describe("worker", () => {
  it("runs a sync job and records the run with its job id", async () => {
    const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
    const done = await finished(job.id!);
    expect(await done.getState()).toBe("completed");
    expect(done.returnvalue).toMatchObject({ scope: "public", status: "succeeded", inserted: 224 });
    const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
    expect(runs).toEqual([
      expect.objectContaining({ scope: "public", trigger: "manual", status: "succeeded" }),
    ]);
  });

  it("fails a job whose account has a wrong password at once, without retries", async () => {
    const job = await enqueueSync(h.queue, { scope: "bob", trigger: "manual" });
    const done = await finished(job.id!);
    expect(await done.getState()).toBe("failed");
    expect(done.attemptsMade).toBe(1);
    expect(done.opts.attempts).toBe(5);
    expect(done.failedReason).toMatch(/sync of scope bob failed permanently, not retrying/);
    expect(done.failedReason).not.toContain("not-bobs-password");
    const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
    expect(runs.map((run) => run.status)).toEqual(["failed"]);
  });

  it("fails a job for an unknown account at once", async () => {
    const job = await enqueueSync(h.queue, { scope: "carol", trigger: "manual" });
    const done = await finished(job.id!);
    expect(await done.getState()).toBe("failed");
    expect(done.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/no VSS account "carol"/);
  });

  it("retries a transient failure with backoff until the attempts run out", async () => {
    // Every listing request answers 503, for good: each attempt fails after the client's own retry.
    await h.sim.control.setFaults([{ kind: "status", status: 503, match: { path: "/v2/iso" } }]);
    try {
      const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" }, undefined, {
        attempts: 3,
        backoff: { type: "exponential", delay: 100 },
      });
      const done = await finished(job.id!);
      expect(await done.getState()).toBe("failed");
      expect(done.attemptsMade).toBe(3);
      expect(done.failedReason).not.toMatch(/permanently/);
      // Exponential backoff: 100 ms, then 200 ms between the three attempts.
      expect(done.finishedOn! - done.timestamp).toBeGreaterThanOrEqual(300);
      const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
      expect(runs.map((run) => run.status)).toEqual(["failed", "failed", "failed"]);
    } finally {
      await h.sim.control.clearFaults();
    }
  });

  it("succeeds on a later attempt when a transient failure clears", async () => {
    // The first three listing requests fail: the walk's first page and its probe go out together, and
    // whichever is retried first fails again, so the client's one retry is used up and the job attempt
    // fails; the job's second attempt goes through.
    await h.sim.control.setFaults([{ kind: "status", status: 503, match: { path: "/v2/iso" }, times: 3 }]);
    try {
      const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" }, undefined, {
        attempts: 3,
        backoff: { type: "exponential", delay: 100 },
      });
      const done = await finished(job.id!);
      expect(await done.getState()).toBe("completed");
      expect(done.attemptsMade).toBe(2);
      const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
      expect(runs.map((run) => run.status)).toEqual(["failed", "succeeded"]);
    } finally {
      await h.sim.control.clearFaults();
    }
  });

  it("puts a job whose scope is being synced elsewhere back to wait, without spending an attempt", async () => {
    // A run started outside the queue (as the CLI's `sync --once` would) holds the scope's lock for a while.
    await h.sim.control.setFaults([
      { kind: "latency", delayMs: 1_500, match: { path: "/v2/iso" }, times: 1 },
    ]);
    const client = new VssClient({ baseUrl: h.sim.url, username: "alice", password: "alice-password" });
    const inline = runSync({
      database: h.database,
      client,
      scope: "public",
      trigger: "cli",
      upstream: h.sim.url,
    });
    try {
      await expect
        .poll(async () => (await syncRuns(h.database)).some((run) => run.trigger === "cli"), {
          timeout: 5_000,
        })
        .toBe(true);
      const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" }, undefined, {
        attempts: 1,
      });
      await expect.poll(() => h.queue.getJobState(job.id!), { timeout: 5_000, interval: 20 }).toBe("delayed");
      expect((await h.queue.getJob(job.id!))?.attemptsMade).toBe(0);
      await inline;
      const done = await finished(job.id!);
      expect(await done.getState()).toBe("completed");
      expect(done.attemptsMade).toBe(1);
      const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
      expect(runs.map((run) => run.status)).toEqual(["succeeded"]);
    } finally {
      await inline.catch(() => {});
      await h.sim.control.clearFaults();
    }
  });
});

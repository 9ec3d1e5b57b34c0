// enqueueSync against a real Redis: a scheduled id is added once, however often it is enqueued, also
// after the job finished; the default options are the documented ones.
import { randomBytes } from "node:crypto";
// Types of inject("redisUrl"), provided by the globalSetup that vitest.config.ts names.
import type {} from "@vss-mirror/test-services/global-setup";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createSyncQueue,
  enqueueSync,
  redisConnection,
  scheduledJobId,
  SYNC_JOB_OPTIONS,
  SYNC_QUEUE,
  type SyncQueue,
} from "../src/index.js";

const prefix = `test-queue-${randomBytes(4).toString("hex")}`;
const connection = redisConnection(inject("redisUrl"), "queue");
let queue: SyncQueue;

beforeAll(() => {
  queue = createSyncQueue(connection, { prefix });
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
});

describe("enqueueSync", () => {
  it("adds a job with the default options and the given data", async () => {
    const job = await enqueueSync(queue, { scope: "public", trigger: "manual" });
    const stored = await queue.getJob(job.id!);
    expect(stored?.data).toEqual({ scope: "public", trigger: "manual", enqueueId: job.id });
    // A UUID, not BullMQ's counter (which starts again at 1 when Redis loses its data).
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(stored?.opts.attempts).toBe(5);
    expect(stored?.opts.backoff).toEqual(SYNC_JOB_OPTIONS.backoff);
    expect(stored?.opts.removeOnComplete).toEqual({ age: 7 * 24 * 3600 });
    expect(stored?.opts.removeOnFail).toEqual({ age: 7 * 24 * 3600 });
    await stored?.remove();
  });

  it("adds one job for one scheduled id, even when enqueued concurrently", async () => {
    const tick = new Date("2026-11-27T07:00:00Z");
    const id = scheduledJobId("alice", tick);
    const data = { scope: "alice", trigger: "schedule", tick: tick.toISOString() } as const;
    await Promise.all(Array.from({ length: 10 }, () => enqueueSync(queue, data, id)));
    const waiting = await queue.getJobs(["waiting"]);
    expect(waiting.filter((job) => job.data.scope === "alice").map((job) => job.id)).toEqual([id]);
  });

  it("still deduplicates a scheduled id after its job completed", async () => {
    const workerConnection = redisConnection(inject("redisUrl"), "worker");
    const worker = new Worker(SYNC_QUEUE, async () => ({ ok: true }), {
      connection: workerConnection,
      prefix,
    });
    try {
      const id = scheduledJobId("bob", new Date("2026-11-27T07:00:00Z"));
      await enqueueSync(queue, { scope: "bob", trigger: "schedule" }, id);
      await expect.poll(() => queue.getJobState(id), { timeout: 10_000 }).toBe("completed");
      const finishedOn = (await queue.getJob(id))?.finishedOn;
      await enqueueSync(queue, { scope: "bob", trigger: "schedule" }, id);
      expect(await queue.getJobState(id)).toBe("completed");
      expect((await queue.getJob(id))?.finishedOn).toBe(finishedOn);
    } finally {
      await worker.close();
      workerConnection.disconnect();
    }
  });

  it("takes per-call option overrides", async () => {
    const job = await enqueueSync(queue, { scope: "x", trigger: "cli" }, undefined, { attempts: 1 });
    expect((await queue.getJob(job.id!))?.opts.attempts).toBe(1);
    await job.remove();
  });
});

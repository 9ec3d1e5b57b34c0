// enqueueTick against a real Redis: the first replica's add creates the job, every later one (another
// replica, or a scheduler restarted within the same tick) finds it and adds nothing.
import { randomBytes } from "node:crypto";
import { createSyncQueue, redisConnection } from "@vss-mirror/queue";
import { afterAll, expect, inject, it } from "vitest";
import { enqueueTick } from "../src/index.js";

const connection = redisConnection(inject("redisUrl"), "queue");
const queue = createSyncQueue(connection, { prefix: `test-${randomBytes(6).toString("hex")}` });
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
});

it("creates the tick's job once and reports later adds as duplicates", async () => {
  const tick = new Date("2026-11-27T07:00:00Z");
  const results = await Promise.all(
    ["replica-a", "replica-b", "replica-c"].map((replica) => enqueueTick(queue, "public", tick, replica)),
  );
  expect(new Set(results.map((result) => result.jobId))).toEqual(
    new Set(["schedule-public-20261127T070000Z"]),
  );
  expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
  const job = await queue.getJob("schedule-public-20261127T070000Z");
  expect(job?.data).toMatchObject({ scope: "public", trigger: "schedule", tick: "2026-11-27T07:00:00.000Z" });
  expect(await queue.getJobCounts("waiting")).toEqual({ waiting: 1 });

  const restarted = await enqueueTick(queue, "public", tick, "replica-a-restarted");
  expect(restarted.duplicate).toBe(true);
  expect(await queue.getJobCounts("waiting")).toEqual({ waiting: 1 });
});

it("gives another tick or another scope its own job", async () => {
  const next = await enqueueTick(queue, "public", new Date("2026-11-28T07:00:00Z"), "replica-a");
  const alice = await enqueueTick(queue, "alice", new Date("2026-11-27T07:00:00Z"), "replica-a");
  expect(next).toEqual({ jobId: "schedule-public-20261128T070000Z", duplicate: false });
  expect(alice).toEqual({ jobId: "schedule-alice-20261127T070000Z", duplicate: false });
});

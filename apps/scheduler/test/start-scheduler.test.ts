// startScheduler: a task per schedule, a job per scope per tick, and nothing after stop().
import { randomBytes } from "node:crypto";
import { loadConfig } from "@vss-mirror/config";
import { createSyncQueue, redisConnection } from "@vss-mirror/queue";
import { pino } from "pino";
import { afterAll, expect, inject, it } from "vitest";
import { startScheduler } from "../src/index.js";

const connection = redisConnection(inject("redisUrl"), "queue");
const queue = createSyncQueue(connection, { prefix: `test-${randomBytes(6).toString("hex")}` });
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
});

const allJobs = () => queue.getJobs(["waiting", "active", "delayed", "completed", "failed"]);

it("enqueues the public scope on its schedule only, and stops cleanly", async () => {
  const config = loadConfig(
    {
      VSS_API_URL: "http://127.0.0.1:9",
      VSS_USERNAME: "alice",
      VSS_PASSWORD: "alice-password",
      REDIS_URL: inject("redisUrl"),
      SCHEDULE_PUBLIC: "* * * * * *", // every second
      SCHEDULE_PERSONAL: "0 2 1 1 *", // once a year: not during this test
      SCHEDULE_TIMEZONE: "UTC",
    },
    ["vss", "redis"],
  );
  const scheduler = startScheduler({ config, queue, logger: pino({ level: "silent" }) });
  await expect
    .poll(async () => (await allJobs()).length, { timeout: 5_000, interval: 100 })
    .toBeGreaterThanOrEqual(2);
  await scheduler.stop();
  const jobs = await allJobs();
  expect(new Set(jobs.map((job) => job.data.scope))).toEqual(new Set(["public"]));
  for (const job of jobs) {
    expect(new Date(job.data.tick!).getUTCMilliseconds()).toBe(0);
    expect(job.opts.attempts).toBe(5);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((await allJobs()).length).toBe(jobs.length);
});

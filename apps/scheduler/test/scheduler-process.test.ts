// The scheduler process, started as the compose service starts it (`node apps/scheduler/dist/main.js`),
// exits 0 on SIGTERM within its grace period, and 2 naming the variable when the configuration is invalid.
import { spawnProductionCommand } from "@vss-mirror/test-services";
import { expect, inject, it } from "vitest";

// Its graceful stop gives up after 10 s (main.ts); compose allows it 20 s.
const GRACE_MS = 10_000;
const baseEnv = () => ({
  PATH: process.env.PATH,
  VSS_API_URL: "http://127.0.0.1:9",
  VSS_USERNAME: "alice",
  VSS_PASSWORD: "alice-password",
  // Database 6 and a schedule that does not fire during the test: this process touches no shared keys.
  REDIS_URL: `${inject("redisUrl").replace(/\/\d*$/, "")}/6`,
  SCHEDULE_PUBLIC: "0 2 1 1 *",
  SCHEDULE_PERSONAL: "0 2 1 1 *",
});

const spawnScheduler = (env: Record<string, string | undefined>) => spawnProductionCommand("scheduler", env);

it("exits 0 on SIGTERM after stopping its tasks", async () => {
  const scheduler = spawnScheduler(baseEnv());
  await expect.poll(() => scheduler.output().includes("scheduler started"), { timeout: 20_000 }).toBe(true);
  const signalledAt = Date.now();
  scheduler.child.kill("SIGTERM");
  expect(await scheduler.exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS);
  expect(scheduler.output()).toContain("scheduler stopped");
});

it("exits 2 naming the variable when a schedule is invalid", async () => {
  const scheduler = spawnScheduler({ ...baseEnv(), SCHEDULE_PUBLIC: "every night" });
  expect(await scheduler.exited).toBe(2);
  expect(scheduler.output()).toContain("SCHEDULE_PUBLIC");
  expect(scheduler.output()).not.toContain("alice-password");
});

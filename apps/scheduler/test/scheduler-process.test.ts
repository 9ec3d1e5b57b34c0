// The scheduler process (dist/main.js, as `pnpm scheduler` runs it) exits 0 on SIGTERM, and 2 naming
// the variable when the configuration is invalid.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect, inject, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));
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

function spawnScheduler(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: appDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

it("exits 0 on SIGTERM after stopping its tasks", async () => {
  const scheduler = spawnScheduler(baseEnv());
  await expect.poll(() => scheduler.output().includes("scheduler started"), { timeout: 20_000 }).toBe(true);
  scheduler.child.kill("SIGTERM");
  expect(await scheduler.exited).toBe(0);
  expect(scheduler.output()).toContain("scheduler stopped");
});

it("exits 2 naming the variable when a schedule is invalid", async () => {
  const scheduler = spawnScheduler({ ...baseEnv(), SCHEDULE_PUBLIC: "every night" });
  expect(await scheduler.exited).toBe(2);
  expect(scheduler.output()).toContain("SCHEDULE_PUBLIC");
  expect(scheduler.output()).not.toContain("alice-password");
});

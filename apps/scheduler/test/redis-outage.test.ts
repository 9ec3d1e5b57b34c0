// The scheduler process with its Redis killed and restarted: one "redis unreachable" line, one "redis
// reconnected" line, a one-line error per tick it could not enqueue meanwhile, and no stack traces
// (ioredis emits an error per reconnection attempt; BullMQ prints unheard ones with console.error).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { type PrivateRedis, startPrivateRedis } from "@vss-mirror/test-services";
import { afterAll, beforeAll, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));
let redis: PrivateRedis;

beforeAll(async () => {
  redis = await startPrivateRedis({ password: "secretpw" });
});
afterAll(async () => {
  await redis?.stop();
});

it("logs a Redis outage as one line when it starts and one when it ends", async () => {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH,
      VSS_API_URL: "http://127.0.0.1:9",
      VSS_USERNAME: "alice",
      VSS_PASSWORD: "alice-password",
      REDIS_URL: `redis://:secretpw@127.0.0.1:${redis.port}`,
      // Every second, so ticks come while Redis is away.
      SCHEDULE_PUBLIC: "* * * * * *",
      SCHEDULE_PERSONAL: "0 2 1 1 *",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit");
  // node-cron warns on the console about seconds it fired late on a busy machine; not ours, not Redis.
  const lines = () =>
    output.split("\n").filter((line) => line !== "" && !/\[NODE-CRON\].*missed execution/.test(line));
  const msgs = () => lines().map((line) => (JSON.parse(line) as { msg: string }).msg);
  try {
    await expect.poll(() => msgs().includes("tick enqueued"), { timeout: 20_000 }).toBe(true);
    // Redis refuses connections, then answers again (empty).
    await redis.kill();
    await expect.poll(() => msgs().includes("redis unreachable"), { timeout: 10_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await redis.start();
    await expect.poll(() => msgs().includes("redis reconnected"), { timeout: 15_000 }).toBe(true);
    // Ticks are enqueued again.
    const before = msgs().filter((msg) => msg === "tick enqueued").length;
    await expect
      .poll(() => msgs().filter((msg) => msg === "tick enqueued").length, { timeout: 10_000 })
      .toBeGreaterThan(before);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
  // Every line is one JSON object: no stack traces, no console.error output.
  for (const line of lines()) expect(() => JSON.parse(line) as unknown).not.toThrow();
  expect(msgs().filter((msg) => msg === "redis unreachable")).toHaveLength(1);
  expect(msgs().filter((msg) => msg === "redis reconnected")).toHaveLength(1);
  const down = lines().find((line) => line.includes('"redis unreachable"'))!;
  expect(JSON.parse(down)).toMatchObject({
    redis: `redis://:***@127.0.0.1:${redis.port}`,
    reason: expect.stringMatching(/ECONNREFUSED|closed|ECONNRESET/),
  });
  expect(output).not.toContain("secretpw");
}, 90_000);

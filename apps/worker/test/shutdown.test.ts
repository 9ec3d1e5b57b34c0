// The worker process (dist/main.js, as `pnpm worker` runs it) on SIGTERM: stops taking jobs, lets the
// running one finish, closes everything and exits 0. A second signal forces it: exit 1 at once.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { enqueueSync } from "@vss-mirror/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, syncRuns } from "./harness.js";

const appDir = fileURLToPath(new URL("..", import.meta.url));
let h: Harness;

beforeAll(async () => {
  // Every upstream request takes 400 ms, so a sync is still running when the signal comes.
  h = await startHarness({ sim: { latencyMs: 400 }, redisDb: 5 });
});
afterAll(async () => {
  await h?.close();
});

interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

async function spawnWorker(): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: appDir,
    env: { PATH: process.env.PATH, ...h.env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  await expect
    .poll(() => lines.some((line) => line.includes("worker started")), { timeout: 20_000 })
    .toBe(true);
  return { child, lines, exited };
}

const messages = (lines: string[]) =>
  lines.flatMap((line) => {
    try {
      return [(JSON.parse(line) as { msg: string }).msg];
    } catch {
      return [];
    }
  });

describe("worker process shutdown", () => {
  it("on SIGTERM finishes the running job, then exits 0", async () => {
    const worker = await spawnWorker();
    const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
    await expect.poll(() => h.queue.getJobState(job.id!), { timeout: 10_000, interval: 20 }).toBe("active");
    const signalledAt = Date.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(await h.queue.getJobState(job.id!)).toBe("completed");
    const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
    expect(runs.map((run) => run.status)).toEqual(["succeeded"]);
    expect(messages(worker.lines)).toEqual(
      expect.arrayContaining(["worker stopped", "shut down gracefully"]),
    );
  });

  it("on a second signal stops at once and exits 1", async () => {
    const worker = await spawnWorker();
    const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
    await expect.poll(() => h.queue.getJobState(job.id!), { timeout: 10_000, interval: 20 }).toBe("active");
    worker.child.kill("SIGTERM");
    await expect
      .poll(() => messages(worker.lines).some((msg) => msg.startsWith("shutting down")), { timeout: 5_000 })
      .toBe(true);
    const signalledAt = Date.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(messages(worker.lines)).toContain("forcing shutdown");
  });
});

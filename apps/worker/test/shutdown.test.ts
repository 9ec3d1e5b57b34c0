// The worker process on SIGTERM: stops taking jobs, lets the running one finish, closes everything and
// exits 0 within the grace period. A second signal forces it: exit 1 at once, and the aborted job is
// handed back (failed attempt, retried) to be finished by another worker. Started as production starts
// it (`node apps/worker/dist/main.js`, the compose service's command) and as developers do (`pnpm worker`,
// whose SIGTERM must reach the app under it).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { enqueueSync } from "@vss-mirror/queue";
import { REPO_ROOT, spawnProductionCommand } from "@vss-mirror/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, syncRuns } from "./harness.js";

// shutdownOnSignals' default: how long a running sync may take to finish after SIGTERM.
const GRACE_MS = 30_000;
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
  messages(): string[];
  exited: Promise<number | null>;
}

/** The log messages (pino's `msg`) of the JSON lines in `output`. */
const messagesOf = (output: string) =>
  output.split("\n").flatMap((line) => {
    try {
      return [(JSON.parse(line) as { msg: string }).msg];
    } catch {
      return [];
    }
  });

const workerEnv = () => ({ ...h.env, LOG_LEVEL: "info" });

async function started(worker: WorkerProcess): Promise<WorkerProcess> {
  await expect.poll(() => worker.messages().includes("worker started"), { timeout: 20_000 }).toBe(true);
  return worker;
}

/** `node apps/worker/dist/main.js` from the repository root, as the compose service runs it. */
async function spawnWorker(): Promise<WorkerProcess> {
  const worker = spawnProductionCommand("worker", workerEnv());
  return started({ ...worker, messages: () => messagesOf(worker.output()) });
}

/** `pnpm worker`, in a process group of its own so that the test can tell whether anything outlives pnpm. */
async function spawnPnpmWorker(): Promise<WorkerProcess> {
  const child = spawn("pnpm", ["worker"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...workerEnv() },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return started({ child, messages: () => messagesOf(output), exited });
}

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function jobMidRun() {
  const job = await enqueueSync(h.queue, { scope: "public", trigger: "manual" });
  await expect.poll(() => h.queue.getJobState(job.id!), { timeout: 10_000, interval: 20 }).toBe("active");
  return job;
}

async function expectSucceededOnce(jobId: string) {
  expect(await h.queue.getJobState(jobId)).toBe("completed");
  const runs = (await syncRuns(h.database)).filter((run) => run.job_id === jobId);
  expect(runs.map((run) => run.status)).toEqual(["succeeded"]);
}

/**
 * Sends SIGTERM to the worker's own pid (not its process group, as a supervisor or `kill <pid>` does)
 * while a job runs, and expects the job finished once and exit 0 within the grace period.
 */
async function expectGracefulStop(worker: WorkerProcess) {
  const job = await jobMidRun();
  const signalledAt = Date.now();
  worker.child.kill("SIGTERM");
  expect(await worker.exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS);
  await expectSucceededOnce(job.id!);
  expect(worker.messages()).toEqual(expect.arrayContaining(["worker stopped", "shut down gracefully"]));
}

describe("worker process shutdown", () => {
  it("on SIGTERM finishes the running job, then exits 0 within the grace period", async () => {
    await expectGracefulStop(await spawnWorker());
  });

  it("under `pnpm worker`, SIGTERM to pnpm's pid reaches the worker: job finished, exit 0, nothing left", async () => {
    const worker = await spawnPnpmWorker();
    // To pnpm's pid: the worker under it must get the signal and stop as gracefully.
    await expectGracefulStop(worker);
    // pnpm waited for the worker: no orphaned node process goes on running jobs.
    expect(groupAlive(worker.child.pid!)).toBe(false);
  }, 60_000);

  it("on a second signal stops at once, exits 1, and another worker finishes the handed-back job", async () => {
    const worker = await spawnWorker();
    const job = await jobMidRun();
    worker.child.kill("SIGTERM");
    await expect
      .poll(() => worker.messages().some((msg) => msg.startsWith("shutting down")), { timeout: 5_000 })
      .toBe(true);
    const signalledAt = Date.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(worker.messages()).toContain("forcing shutdown");

    // The aborted attempt failed and went back to the queue (its backoff shortened so the test need not
    // wait 30 s); a new worker takes it and finishes it.
    await expect.poll(() => h.queue.getJobState(job.id!), { timeout: 10_000 }).toBe("delayed");
    await (await h.queue.getJob(job.id!))!.promote();
    const next = await spawnWorker();
    try {
      await expect
        .poll(() => h.queue.getJobState(job.id!), { timeout: 60_000, interval: 100 })
        .toBe("completed");
      const runs = (await syncRuns(h.database)).filter((run) => run.job_id === job.id);
      expect(runs.map((run) => run.status)).toEqual(["failed", "succeeded"]);
    } finally {
      next.child.kill("SIGTERM");
      expect(await next.exited).toBe(0);
    }
  }, 90_000);
});
